"""The story plan: the stored, inspectable artifacts a story is drafted from.

Every artifact is a plain dataclass with ``to_dict()``/``from_dict()`` that round-trips through
JSON, so the API can store and show it and a revision can re-render from it later. The plan keeps
its request typed (:class:`~shortstory.pipeline.models.StoryRequest`): it is checked once, when it
comes in or when a stored plan is read back, and never turned to data and back in between; its
JSON form is made for the stored plan (``to_dict``) and read by nobody else.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from shortstory.pipeline import catalog
from shortstory.pipeline.catalog import Genre
from shortstory.pipeline.models import Character, StoryRequest


@dataclass
class Beat:
    """One beat of an outline.

    ``role`` is the structure's name for it (``setup``, ``turn``…), ``part`` is beginning, middle
    or end, ``purpose`` what it does for the story, ``summary`` what happens in this story, and
    ``target_words`` its share of the word budget.
    """

    index: int
    role: str
    part: str
    purpose: str
    summary: str
    target_words: int
    function: str = ""
    """The engine's beat function (opening, disturbance, pursuit, complication, turn, crisis,
    resolution): how the procedural writer realises it."""

    def to_dict(self) -> dict[str, Any]:
        """The beat as JSON-ready data."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Beat:
        """Rebuild a beat from :meth:`to_dict` output."""
        return cls(**data)


@dataclass
class Outline:
    """The ordered beats of a story, with the structure and genre that shaped them."""

    beats: list[Beat]
    structure: str
    genre: str
    bible: dict[str, Any] = field(default_factory=dict)
    """What a model planned from the premise (title, setting, time, cast, objects, conflict);
    empty for the procedural writer, whose world is in :class:`World`."""

    @property
    def target_words(self) -> int:
        """The sum of the beats' budgets."""
        return sum(beat.target_words for beat in self.beats)

    @property
    def turn(self) -> Beat:
        """The beat holding the unforeseen turn."""
        return next(beat for beat in self.beats if beat.role == "turn")

    def to_dict(self) -> dict[str, Any]:
        """The outline as JSON-ready data."""
        data: dict[str, Any] = {
            "structure": self.structure,
            "genre": self.genre,
            "beats": [beat.to_dict() for beat in self.beats],
        }
        if self.bible:
            data["bible"] = self.bible
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Outline:
        """Rebuild an outline from :meth:`to_dict` output."""
        return cls(
            beats=[Beat.from_dict(beat) for beat in data["beats"]],
            structure=data["structure"],
            genre=data["genre"],
            bible=dict(data.get("bible") or {}),
        )


@dataclass
class CastMember:
    """A supporting character: a name and what they are in the story."""

    name: str
    role: str
    """A noun phrase from the genre's cast roles ("a harbour clerk who keeps ledgers")."""
    short_role: str
    """The role as a short handle ("the harbour clerk")."""
    stance: str
    """How they stand to the protagonist's want: ``ally``, ``obstacle`` or ``witness``."""

    def to_dict(self) -> dict[str, Any]:
        """The cast member as JSON-ready data."""
        return asdict(self)


@dataclass
class World:
    """The small world a story happens in, planned from premise, genre and theme."""

    setting: str
    places: list[str]
    time: str
    cast: list[CastMember]
    objects: list[str]
    obstacle: str
    stakes: str
    turn: str
    resolution: str
    """``resolved`` (the want is met) or ``refused`` (the protagonist lets it go)."""
    idea_nouns: list[str] = field(default_factory=list)
    """Content nouns of the idea, woven into the prose."""
    situation: dict[str, Any] = field(default_factory=dict)
    """The idea read as a situation (:class:`~shortstory.pipeline.situation.Situation`): its
    role, place and corners, central object and predicate; empty in plans made before it."""
    palette: dict[str, list[str]] = field(default_factory=dict)
    """The story's sensory phrases per sense (sight, sound, smell, touch, taste): the idea's
    place's own first, then the genre's that fit it; empty in plans made before it (the
    writer then takes the genre's)."""
    year: int | None = None
    """The year the idea sets the story in (:mod:`~shortstory.pipeline.idea_year`): nothing
    dated after it is told. None when the idea names no time (and in plans made before it)."""

    def member(self, *stances: str) -> CastMember:
        """The first cast member of the first of ``stances`` the cast has, else its first member.

        :raises IndexError: when the cast is empty.
        """
        for stance in stances:
            for member in self.cast:
                if member.stance == stance:
                    return member
        return self.cast[0]

    def to_dict(self) -> dict[str, Any]:
        """The world as JSON-ready data."""
        data = asdict(self)
        data["cast"] = [member.to_dict() for member in self.cast]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> World:
        """Rebuild a world from :meth:`to_dict` output."""
        values = dict(data)
        values["cast"] = [CastMember(**member) for member in data["cast"]]
        return cls(**values)


@dataclass
class ScaffoldPlan:
    """How the story is told: POV, tense, resolved tone, style and the character's voice markers."""

    pov: str
    tense: str
    tone: str
    style: str
    voice: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The scaffold as JSON-ready data."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScaffoldPlan:
        """Rebuild a scaffold from :meth:`to_dict` output."""
        return cls(**data)


@dataclass
class StoryPlan:
    """Everything a writer drafts from: the request, its seed, the world, outline and scaffold."""

    story_request: StoryRequest
    """The request, typed, with its seed set to :attr:`seed`."""
    seed: int
    world: World
    outline: Outline
    scaffold: ScaffoldPlan
    genre: Genre = field(repr=False, compare=False)
    """The catalog's entry for the request's genre: looked up once when the plan is made (or
    read back from storage) and carried to the writers, which never look it up again."""
    title: str = ""
    _request_json: tuple[StoryRequest, dict[str, Any]] | None = field(
        default=None, init=False, repr=False, compare=False)

    @property
    def character(self) -> Character:
        """The protagonist as given in the request."""
        return self.story_request.premise.character

    @property
    def target_words(self) -> int:
        """The requested length."""
        return self.story_request.target_words

    def to_dict(self) -> dict[str, Any]:
        """The plan as JSON-ready data."""
        return {
            "request": self._stored_request(),
            "seed": self.seed,
            "title": self.title,
            "world": self.world.to_dict(),
            "outline": self.outline.to_dict(),
            "scaffold": self.scaffold.to_dict(),
        }

    def _stored_request(self) -> dict[str, Any]:
        # The request's JSON form is the stored plan's alone: made once per request, since the
        # procedural writer's cache fingerprints the whole plan for every beat it hands out.
        cached = self._request_json
        if cached is None or cached[0] is not self.story_request:
            cached = (self.story_request, self.story_request.model_dump(mode="json"))
            self._request_json = cached
        return cached[1]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StoryPlan:
        """Rebuild a plan from :meth:`to_dict` output (its request checked again, as stored
        data coming back in)."""
        return cls(
            story_request=StoryRequest.model_validate(data["request"]),
            seed=int(data["seed"]),
            title=data.get("title", ""),
            world=World.from_dict(data["world"]),
            outline=Outline.from_dict(data["outline"]),
            genre=catalog.genre(data["outline"]["genre"]),
            scaffold=ScaffoldPlan.from_dict(data["scaffold"]),
        )
