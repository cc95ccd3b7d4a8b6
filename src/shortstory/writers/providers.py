"""Named LLM providers: what the ``WRITERS`` setting holds, parsed and validated.

``WRITERS`` is a JSON object of named providers, each an OpenAI-compatible endpoint::

    {"groq": {"base_url": "https://api.groq.com/openai/v1", "model": "llama-3.1-8b-instant",
              "api_key_env": "GROQ_API_KEY", "rpm": 30, "tpm": 6000,
              "price_in_per_mtok": 0.05, "price_out_per_mtok": 0.08}}

A provider names the *environment variable* holding its key, never the key itself, so settings
can be shown, logged and compared without leaking one. ``procedural`` is the built-in offline
writer and cannot be redefined.

:class:`WriterSetup` is everything the writer registry is built from: the providers, the chain,
the keys, how hard to try a provider and where their shared state lives. The settings build it
(``Settings.writer_setup``); writers never read the settings themselves.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from shortstory.pipeline.models import field_path

PROCEDURAL = "procedural"
"""The built-in writer's name: always available, needs no provider entry."""
NAME_RE = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")


class ProviderConfig(BaseModel):
    """One OpenAI-compatible provider and how the writer may use it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    base_url: str = Field(pattern=r"^https?://\S+$")
    model: str = Field(min_length=1, max_length=120)
    api_key_env: str = Field(default="", pattern=r"^([A-Za-z_][A-Za-z0-9_]*)?$")
    """The environment variable holding the key; empty for servers that need none."""
    temperature: float = Field(default=0.8, ge=0.0, le=2.0)
    frequency_penalty: float = Field(default=0.0, ge=-2.0, le=2.0)
    """Discourages a model from repeating itself (sent only when not 0)."""
    send_seed: bool = True
    """Send a per-request ``seed`` derived from the story's: the same story asks the same way,
    and two stories do not get the same answer from a deterministic server."""
    max_tokens: int = Field(default=1024, ge=16, le=32_768)
    """The most tokens one completion may produce."""
    timeout_s: float = Field(default=60.0, gt=0.0, le=600.0)
    """Seconds one request may take, streaming included."""
    rpm: int = Field(default=0, ge=0)
    """Outbound requests per minute shared by every process; 0 for no limit."""
    tpm: int = Field(default=0, ge=0)
    """Outbound tokens (prompt and completion) per minute shared by every process; 0: no limit."""
    price_in_per_mtok: float = Field(default=0.0, ge=0.0)
    price_out_per_mtok: float = Field(default=0.0, ge=0.0)
    structured_output: Literal["json_schema", "json_object", "none"] = "json_schema"
    """How to ask for JSON: OpenAI's ``json_schema`` response format (OpenAI, vLLM, Groq…),
    ``json_object`` with a ``schema`` beside it (llama.cpp's server), or ``none`` (the prompt
    alone asks for JSON)."""
    drafts_per_beat: int = Field(default=1, ge=1, le=5)
    """Drafts asked for each beat, of which the judge keeps the best (POV held, the premise's
    world named, fewest slips and repeats): more requests buy a weak model better prose."""
    context_tokens: int = Field(default=8192, ge=512)
    """The model's context window: long stories are summarised to stay inside it."""

    def cost_usd(self, tokens_in: int, tokens_out: int) -> float:
        """What ``tokens_in`` prompt and ``tokens_out`` completion tokens cost at this price."""
        return (tokens_in * self.price_in_per_mtok + tokens_out * self.price_out_per_mtok) / 1e6


@dataclass(frozen=True)
class GuardPolicy:
    """How hard to try one provider: retries, when the breaker opens and for how long, and how
    long a request may wait for the shared outbound budget."""

    retries: int = 3
    breaker_failures: int = 5
    breaker_reset_s: float = 60.0
    limit_wait_s: float = 120.0


@dataclass(frozen=True)
class WriterSetup:
    """What the writer registry is built from (the settings make one; tests write their own)."""

    providers: Mapping[str, ProviderConfig] = field(default_factory=dict)
    """Named OpenAI-compatible providers."""
    chain: tuple[str, ...] = (PROCEDURAL,)
    """The order writers are tried in."""
    keys: Mapping[str, str] = field(default_factory=dict, repr=False)
    """Provider name -> API key (never shown)."""
    policy: GuardPolicy = GuardPolicy()
    redis_url: str | None = None
    """Where the breakers and outbound budgets are shared between processes; ``None``: in
    this process only."""


def parse_writers(raw: str) -> dict[str, ProviderConfig]:
    """Parse the ``WRITERS`` JSON object.

    :raises ValueError: one line naming every problem found.
    """
    raw = raw.strip()
    if not raw:
        return {}
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"is not valid JSON ({exc.msg} at character {exc.pos})") from None
    if not isinstance(data, dict):
        raise ValueError("must be a JSON object of named providers")
    return build_providers(data)


def build_providers(data: Mapping[str, Any]) -> dict[str, ProviderConfig]:
    """Validate a mapping of provider names to their settings.

    :raises ValueError: one line naming every problem found.
    """
    providers: dict[str, ProviderConfig] = {}
    problems: list[str] = []
    for name, body in data.items():
        if name == PROCEDURAL:
            problems.append(f"{name!r} is the built-in writer and cannot be redefined")
            continue
        if not NAME_RE.match(name):
            problems.append(f"provider name {name!r} must be 1-40 lowercase letters, digits, "
                            "- or _")
            continue
        if isinstance(body, ProviderConfig):
            providers[name] = body
            continue
        if not isinstance(body, dict):
            problems.append(f"{name}: must be an object")
            continue
        try:
            providers[name] = ProviderConfig.model_validate(body)
        except ValidationError as exc:
            for error in exc.errors():
                where = field_path(error["loc"])
                problems.append(f"{name}.{where}: {error['msg']}")
    if problems:
        raise ValueError("; ".join(problems))
    return providers


def parse_chain(raw: str) -> tuple[str, ...]:
    """Parse ``WRITER_CHAIN``: comma-separated writer names, tried in order."""
    return tuple(name.strip().lower() for name in raw.split(",") if name.strip())
