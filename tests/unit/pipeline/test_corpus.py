"""The engine's corpus check: hundreds of generated stories, each held to every promise.

Over premises × every genre × every structure × every POV/tense × lengths 100…7,500, each story
must honour its inputs (name, traits/quirk/contradiction, want early and settled at the end,
theme in the final beat, the idea's content words), keep its POV and tense by the analysis
linter, land within ±5 % of the target, repeat no sentence and no six-word run more than twice
(names aside), and hold no cliché by the analysis detector.
"""

from __future__ import annotations

import itertools
from collections import Counter
from functools import lru_cache

import pytest
from lemminflect import getAllLemmas

from shortstory.analysis.cliches import find_cliches
from shortstory.analysis.pov_tense import lint_pov_tense
from shortstory.analysis.repetition import find_repeated_sentences
from shortstory.analysis.sentences import split_sentences
from shortstory.analysis.words import count_words, iter_words
from shortstory.pipeline import catalog
from shortstory.pipeline.models import StoryRequest
from shortstory.pipeline.run import plan_story
from shortstory.pipeline.world import content_words
from shortstory.writers.procedural import ProceduralWriter

CHARACTERS = [
    {"name": "Maren Holt", "pronouns": "she/her", "traits": ["methodical", "lonely"],
     "quirk": "counts stairs aloud", "contradiction": "fears the dark she guards",
     "want": "to be needed"},
    {"name": "Tomasz Ilić", "pronouns": "he/him", "traits": ["stubborn", "generous", "tired"],
     "quirk": "whistles through his teeth when he lies",
     "contradiction": "hoards every letter he claims to despise",
     "want": "to finish his father's map"},
    {"name": "Ade Okafor", "pronouns": "they/them", "traits": ["curious", "restless"],
     "quirk": "a habit of naming every stray cat",
     "contradiction": "trusts strangers more than friends", "want": "a room of their own"},
    {"name": "Zoë Ångström", "pronouns": "she/her", "traits": ["precise", "proud"],
     "quirk": "taps a pencil against her teeth", "contradiction": "hates crowds but sings in them",
     "want": "to win back her sister's trust"},
    {"name": "Bram de Vries", "pronouns": "he/him", "traits": ["shy"],
     "quirk": "keeps a pebble in each pocket", "contradiction": "",
     "want": "to be left alone"},
    {"name": "Ines Carvalho", "pronouns": "they/them", "traits": ["blunt", "loyal"],
     "quirk": "", "contradiction": "gives advice they never take",
     "want": "to learn who sent the letters"},
]
IDEAS = [
    "A lighthouse keeper finds the lamp lit every night by someone else.",
    "A translator discovers that a dead poet's final book was written by a living woman.",
    "A night-shift baker receives orders for bread from an address that burned down.",
    "A surveyor mapping a flooded valley keeps finding the same drowned bell tower.",
    "A retired clockmaker is asked to repair a clock that runs backwards.",
    "A courier carries a sealed box across a city that changes its streets each dawn.",
    "Two estranged sisters inherit a greenhouse that blooms only in winter.",
    "A station announcer hears her own voice announcing trains that never arrive.",
]
THEMES = ["what we owe to strangers", "the price of keeping promises",
          "whether memory can be trusted", "how grief changes shape", "the courage to ask for help",
          ""]
POV_TENSE = list(itertools.product(["first", "close_third", "second"], ["past", "present"]))
LENGTHS = [100, 150, 240, 400, 650, 1000, 1500, 2400, 4000, 7500]
STYLES = ["spare", "plain", "lyrical", "ornate"]
CORPUS_SIZE = 216

WRITER = ProceduralWriter()


def corpus_request(n: int) -> StoryRequest:
    """The n-th story of the corpus: every genre, structure, POV/tense and length in turn."""
    genres = [g.id for g in catalog.genres()]
    structures = [s.id for s in catalog.structures()]
    pov, tense = POV_TENSE[n % len(POV_TENSE)]
    return StoryRequest.model_validate({
        "premise": {"idea": IDEAS[n % len(IDEAS)], "character": CHARACTERS[n % len(CHARACTERS)],
                    "theme": THEMES[(n // 2) % len(THEMES)]},
        "genre": genres[n % len(genres)],
        "structure": structures[(n // len(genres)) % len(structures)],
        "scaffold": {"pov": pov, "tense": tense, "style": STYLES[(n // 3) % len(STYLES)]},
        "target_words": LENGTHS[(n * 7) % len(LENGTHS)],
        "seed": 1000 + n,
    })


@lru_cache(maxsize=4096)
def _lemmas(word: str) -> frozenset[str]:
    found = {word}
    for forms in getAllLemmas(word).values():
        found.update(forms)
    return frozenset(found)


def lemma_set(text: str) -> set[str]:
    """Every lemma any word of ``text`` may have."""
    out: set[str] = set()
    for word in iter_words(text):
        out |= _lemmas(word.lower)
    return out


def covered(phrase: str, text_lemmas: set[str]) -> float:
    """Share of the phrase's content words present (in any inflection) in the text."""
    words = content_words(phrase)
    if not words:
        return 1.0
    return sum(1 for w in words if _lemmas(w) & text_lemmas) / len(words)


def six_grams_over_limit(text: str, names: list[str]) -> list[tuple[str, ...]]:
    """Six-word runs (names aside) that occur more than twice."""
    name_words = {w.lower for name in names for w in iter_words(name)}
    counts: Counter[tuple[str, ...]] = Counter()
    for sentence in split_sentences(text):
        tokens = [w.lower for w in iter_words(sentence.text)]
        for i in range(len(tokens) - 5):
            gram = tuple(tokens[i : i + 6])
            if not name_words.intersection(gram):
                counts[gram] += 1
    return [gram for gram, n in counts.items() if n > 2]


def story_problems(request: StoryRequest) -> list[str]:
    """Every promise the story for ``request`` breaks (empty when it keeps them all)."""
    plan = plan_story(request)
    beats = WRITER.beats(plan)
    text = "\n\n".join(p for beat in beats for p in beat)
    character = request.premise.character
    names = [character.name, *(m.name for m in plan.world.cast)]
    problems = []
    words = count_words(text)
    if abs(words - request.target_words) > 0.05 * request.target_words:
        problems.append(f"length {words} for target {request.target_words}")
    if character.name.split()[0] not in text:
        problems.append("name missing")
    lemmas = lemma_set(text)
    lowered = text.lower()
    shown = [any(t.lower() in lowered for t in character.traits),
             bool(character.quirk) and covered(character.quirk, lemmas) >= 0.5,
             bool(character.contradiction) and covered(character.contradiction, lemmas) >= 0.5]
    if sum(shown) < 2:
        problems.append(f"traits/quirk/contradiction shown: {shown}")
    all_words = list(iter_words(text))
    early = text[: all_words[int(len(all_words) * 0.35)].end]
    late = text[all_words[int(len(all_words) * 0.75)].start :]
    if character.want and covered(character.want, lemma_set(early)) < 1:
        problems.append("want not stated early")
    if character.want and covered(character.want, lemma_set(late)) < 1:
        problems.append("want not settled at the end")
    theme = request.premise.theme
    if theme and covered(theme, lemma_set("\n".join(beats[-1]))) < 1:
        problems.append("theme not in the final beat")
    if covered(request.premise.idea, lemmas) < 0.5:
        problems.append("idea's content words missing")
    issues = lint_pov_tense(text, request.scaffold.pov, request.scaffold.tense, names)
    problems += [f"{i.kind}: {i.text!r} {i.message}" for i in issues[:3]]
    repeated = find_repeated_sentences(text)
    problems += [f"repeated sentence: {r}" for r in repeated[:2]]
    problems += [f"6-gram x3: {' '.join(g)}" for g in six_grams_over_limit(text, names)[:2]]
    problems += [f"cliché: {m.text}" for m in find_cliches(text)[:2]]
    return problems


@pytest.mark.slow
def test_corpus_of_stories_keeps_every_promise() -> None:
    failures = {}
    for n in range(CORPUS_SIZE):
        request = corpus_request(n)
        problems = story_problems(request)
        if problems:
            failures[n] = (request.genre, request.structure, request.scaffold.pov,
                           request.scaffold.tense, request.target_words, problems)
    assert not failures, "\n".join(f"{n}: {v}" for n, v in list(failures.items())[:15])


def test_corpus_covers_every_genre_structure_pov_tense_and_the_length_range() -> None:
    requests = [corpus_request(n) for n in range(CORPUS_SIZE)]
    assert {r.genre for r in requests} == {g.id for g in catalog.genres()}
    assert {r.structure for r in requests} == {s.id for s in catalog.structures()}
    assert {(r.scaffold.pov, r.scaffold.tense) for r in requests} == set(POV_TENSE)
    assert {100, 7500} <= {r.target_words for r in requests}
    combos = {(r.genre, r.structure) for r in requests}
    assert len(combos) == len(catalog.genres()) * len(catalog.structures())


@pytest.mark.slow
def test_fifty_premises_in_one_genre_share_few_sentences() -> None:
    stories = []
    for n in range(50):
        character = dict(CHARACTERS[n % len(CHARACTERS)])
        character["name"] = ["Maren Holt", "Tomasz Ilić", "Ade Okafor", "Zoë Ångström",
                             "Bram de Vries", "Ines Carvalho", "Lena Moss", "Odile Fane",
                             "Kit Marlow", "Ruth Abara"][n % 10]
        request = StoryRequest.model_validate({
            "premise": {"idea": IDEAS[n % len(IDEAS)], "character": character,
                        "theme": THEMES[n % len(THEMES)]},
            "genre": "mystery", "structure": catalog.structures()[n % 5].id,
            "scaffold": {"pov": "first", "tense": "past"},
            "target_words": 1000, "seed": n,
        })
        text = WRITER.render(plan_story(request))
        keys = {" ".join(w.lower for w in iter_words(s.text)) for s in split_sentences(text)}
        stories.append(keys)
    worst = 0.0
    for a, b in itertools.combinations(stories, 2):
        worst = max(worst, len(a & b) / min(len(a), len(b)))
    assert worst <= 0.05, f"two stories share {worst:.1%} of their sentences"
