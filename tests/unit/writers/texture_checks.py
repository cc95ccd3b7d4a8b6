"""Checks on a story's texture, written apart from the writer (issue #15): which paragraphs open
on a sensory line ("The smell of…", "A sound of…", a palette phrase first), and a corpus of
invented premises (every genre, POV and tense, 600 to 3,000 words) to measure them over.

The palette phrases are the plan's (what the story could say of its senses); the other openers
are read by their words, not by how the writer made them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from random import Random

from shortstory.pipeline.models import StoryRequest
from shortstory.pipeline.plan import StoryPlan

GENRES = ("fantasy", "historical", "horror", "humour", "literary", "mystery", "romance",
          "science-fiction", "thriller")
POVS = ("first", "close_third", "second")
TENSES = ("past", "present")
STRUCTURES = ("three-act", "kishotenketsu", "freytag", "fichtean-curve", "in-medias-res",
              "circular")
PEOPLE = (("Ada Quill", "she/her"), ("Tomas Brandt", "he/him"), ("Ren Oyelaran", "they/them"),
          ("Mira Castell", "she/her"), ("Jonah Pike", "he/him"))

WHO = ("a retired ferry pilot", "a night-shift baker", "a widowed beekeeper", "a junior archivist",
       "a piano tuner", "a hospital porter", "a glassblower's apprentice", "a stage manager",
       "a census taker", "a hotel night porter", "a schoolteacher", "a surveyor",
       "a locksmith", "a cook", "a botanist", "a radio operator")
WHERE = ("in a market town", "at a seaside hotel", "in a hill farm's barn", "at a city museum",
         "in a monastery", "at a railway junction", "in a university library",
         "on an island", "at a garden centre", "in an old theatre", "at a village school",
         "in a hospital", "", "")
WHAT = ("finds a letter addressed to someone who died forty years ago",
        "is asked to keep a stranger's suitcase for one night",
        "notices that one clock runs backwards",
        "discovers the accounts have been balanced by someone who is not on the staff",
        "hears a song nobody else can hear",
        "inherits a key that fits no door",
        "is blamed for a fire she did not start",
        "keeps finding the same coin in different pockets",
        "must choose between a promotion and an old friend",
        "agrees to hide a runaway for a week")


def _idea(rng: Random) -> str:
    who, where, what = rng.choice(WHO), rng.choice(WHERE), rng.choice(WHAT)
    idea = f"{who[0].upper()}{who[1:]} {where} {what}." if where else (
        f"{who[0].upper()}{who[1:]} {what}.")
    return idea.replace("  ", " ")


def corpus_requests(count: int, seed: int = 15) -> list[StoryRequest]:
    """``count`` story requests from invented premises: genres, POVs and tenses in turn, lengths
    from 600 to 3,000 words."""
    rng = Random(seed)
    out = []
    for n in range(count):
        name, pronouns = PEOPLE[n % len(PEOPLE)]
        body = {"premise": {"idea": _idea(rng),
                            "character": {"name": name, "pronouns": pronouns}},
                "genre": GENRES[n % len(GENRES)], "structure": STRUCTURES[n % len(STRUCTURES)],
                "scaffold": {"pov": POVS[n % len(POVS)], "tense": TENSES[(n // 3) % 2]},
                "target_words": rng.randrange(600, 3001, 50), "seed": rng.randrange(1, 10**6)}
        out.append(StoryRequest.model_validate(body))
    return out


SENSORY_OPENING = re.compile(
    r"^(?:the (?:smell|sound|scent|taste|stink|reek|tang) of|an? (?:sound|smell|scent) of"
    r"|somewhere\b|the air (?:smelled|smells|smelt|tasted|tastes)\b|from further off\b"
    r"|(?:past|beyond) the window\b|for a moment \w+ (?:heard|hears|hear)\b"
    r"|\w+ (?:caught|catches|catch) (?:sight of|\w+ on the air)"
    r"|\w+ (?:heard|hears|hear|smelled|smells|smell|smelt|noticed|notices|notice) (?:a|an|the)\b)",
    re.IGNORECASE)
_SENTENCE = re.compile(r"^.+?(?:[.!?](?=\s|$|[”’])|$)", re.DOTALL)


@dataclass(frozen=True)
class Opening:
    """One paragraph's first sentence, and whether it is a sensory line."""

    sentence: str
    sensory: bool


def _phrases(plan: StoryPlan) -> list[str]:
    out = []
    for phrases in plan.world.palette.values():
        for phrase in phrases:
            words = re.sub(r"^(?:a|an|the|some)\s+", "", phrase.lower()).split()
            if len(words) >= 2:
                out.append(" ".join(words[:3]))
    return out


def openings(text: str, plan: StoryPlan) -> list[Opening]:
    """Each narration paragraph's first sentence (a paragraph of talk is not counted)."""
    phrases = _phrases(plan)
    out = []
    for paragraph in text.split("\n\n"):
        paragraph = paragraph.strip()
        if not paragraph or paragraph.startswith(("“", '"')):
            continue
        found = _SENTENCE.match(paragraph)
        sentence = found.group(0) if found else paragraph
        lower = sentence.lower()
        sensory = bool(SENSORY_OPENING.search(sentence)) or any(p in lower for p in phrases)
        out.append(Opening(sentence, sensory))
    return out


def sensory_share(stories: list[tuple[StoryPlan, str]]) -> tuple[float, list[str]]:
    """The share of narration paragraphs over ``stories`` that open on a sensory line, and
    those lines."""
    found = [o for plan, text in stories for o in openings(text, plan)]
    lines = [o.sentence for o in found if o.sensory]
    return (len(lines) / len(found) if found else 0.0), lines
