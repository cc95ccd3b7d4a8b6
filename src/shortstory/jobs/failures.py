"""How a job failed, in the API's error shape (what GET /jobs/{id} and the ``error`` event show)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from shortstory.pipeline.writer_protocol import WriterError

UNEXPECTED = "the job failed unexpectedly; quote the error_id when reporting it"


class WorkGone(Exception):
    """What the job works on (its story, its base version) was deleted meanwhile."""


@dataclass(frozen=True, slots=True)
class JobFailure:
    """``error_code`` and a message for a person; ``error_id`` finds the logged traceback."""

    code: str
    message: str
    error_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    details: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_exception(cls, exc: BaseException) -> JobFailure:
        """A failure a user may read: our own errors say what happened, a bug says only its id."""
        if isinstance(exc, WriterError):
            return cls(exc.error_code, str(exc).strip() or exc.error_code)
        if isinstance(exc, WorkGone):
            return cls("NOT_FOUND", str(exc))
        return cls("JOB_FAILED", UNEXPECTED)

    def to_dict(self) -> dict[str, Any]:
        """The error shape of every API error (without the request's id: a job has none)."""
        return {"error_code": self.code, "message": self.message, "details": self.details,
                "error_id": self.error_id,
                "timestamp": datetime.now(UTC).isoformat(timespec="milliseconds")
                .replace("+00:00", "Z")}
