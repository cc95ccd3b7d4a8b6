"""Typed request and response bodies of the API, one module per resource: one definition
validates and documents.

Request bodies reuse the pipeline's input models (:mod:`shortstory.pipeline.models`), so the API,
the CLI and the OpenAPI document agree on every rule. Response models describe exactly what the
views send; :mod:`shortstory.api.openapi` turns both into the published schema. Views import
from the resource's module; this face names them all.
"""

from shortstory.api.schemas.analysis import (
    AnalysisRequest,
    AnalysisResponse,
    CharacterSketch,
    PremiseCheckRequest,
    PremiseCheckResponse,
    PremiseFlagOut,
)
from shortstory.api.schemas.base import (
    MAX_COMMENT_CHARS,
    MAX_INSTRUCTION_CHARS,
    MAX_TITLE_CHARS,
    ErrorResponse,
    JobKind,
    JobStatus,
    OutputModel,
    RevisionMode,
    StoryStatus,
    VersionSource,
)
from shortstory.api.schemas.catalog import (
    GenreList,
    GenreOut,
    StructureBeatOut,
    StructureList,
    StructureOut,
    TemplateList,
    TemplateOut,
    WriterInfo,
    WriterList,
)
from shortstory.api.schemas.feedback import (
    FeedbackCreate,
    FeedbackGroup,
    FeedbackOut,
    FeedbackSummary,
)
from shortstory.api.schemas.jobs import JobError, JobOut
from shortstory.api.schemas.stories import (
    RevisionCreate,
    StoryCreate,
    StoryCreated,
    StoryListQuery,
    StoryOut,
    StoryPage,
    StoryPatch,
    StorySummary,
)
from shortstory.api.schemas.versions import (
    DiffQuery,
    DiffResponse,
    DiffSpanOut,
    VersionList,
    VersionOut,
    VersionSummary,
)

__all__ = [
    "MAX_COMMENT_CHARS",
    "MAX_INSTRUCTION_CHARS",
    "MAX_TITLE_CHARS",
    "AnalysisRequest",
    "AnalysisResponse",
    "CharacterSketch",
    "DiffQuery",
    "DiffResponse",
    "DiffSpanOut",
    "ErrorResponse",
    "FeedbackCreate",
    "FeedbackGroup",
    "FeedbackOut",
    "FeedbackSummary",
    "GenreList",
    "GenreOut",
    "JobError",
    "JobKind",
    "JobOut",
    "JobStatus",
    "OutputModel",
    "PremiseCheckRequest",
    "PremiseCheckResponse",
    "PremiseFlagOut",
    "RevisionCreate",
    "RevisionMode",
    "StoryCreate",
    "StoryCreated",
    "StoryListQuery",
    "StoryOut",
    "StoryPage",
    "StoryPatch",
    "StoryStatus",
    "StorySummary",
    "StructureBeatOut",
    "StructureList",
    "StructureOut",
    "TemplateList",
    "TemplateOut",
    "VersionList",
    "VersionOut",
    "VersionSource",
    "VersionSummary",
    "WriterInfo",
    "WriterList",
]
