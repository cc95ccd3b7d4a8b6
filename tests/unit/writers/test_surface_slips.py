"""Sentence-level slips readers quoted, each held at its mechanism: a quirk's own clause said
twice, a role's standing taken for its trade, "there was" before a plural, the idea restated."""

from __future__ import annotations

import re
from random import Random

import pytest

from shortstory.pipeline import catalog
from shortstory.pipeline.models import StoryRequest
from shortstory.pipeline.plan import CastMember
from shortstory.pipeline.planning import plan_story
from shortstory.writers.procedural import ProceduralWriter
from shortstory.writers.procedural.composer import Composer
from shortstory.writers.procedural.finishing import _opens_sentence
from shortstory.writers.procedural.lexicons import genre_lexicon
from shortstory.writers.procedural.realiser import Realiser, SlotUnavailable
from shortstory.writers.procedural.scenes import character_lines
from shortstory.writers.procedural.slots.verbs import is_plural_np
from shortstory.writers.procedural.wording import role_words
from shortstory.writers.procedural.writer import lexicon


def _realiser(idea: str, quirk: str = "", pov: str = "close_third", tense: str = "past",
              genre: str = "literary") -> Realiser:
    body = {"premise": {"idea": idea, "character": {"name": "Viktor Marsh", "pronouns": "he/him",
                                                    "quirk": quirk}},
            "genre": genre, "structure": "three-act",
            "scaffold": {"pov": pov, "tense": tense}, "target_words": 900, "seed": 2}
    plan = plan_story(StoryRequest.model_validate(body))
    return Realiser(plan, catalog.genre(genre), genre_lexicon(genre), Random(1))


@pytest.mark.parametrize("frame", range(len(character_lines()["quirk"])))
def test_a_quirk_with_its_own_while_clause_is_not_given_another(frame: int) -> None:
    # Before: "Viktor played both sides of a game on a pocket set while he thought while he
    # thought" (the frame added its own "while he thought").
    realiser = _realiser("A chess coach trains a prodigy in a seaside town.",
                         quirk="plays both sides of a chess game on a pocket set while he thinks")
    for line in character_lines()["quirk"][frame]:
        try:
            text = realiser.fill(line.removeprefix("¶"))
        except SlotUnavailable:
            continue
        assert text.count("while he") <= 1, text


@pytest.mark.parametrize(("role", "cleaned", "trade"), [
    ("disgraced chess coach", "disgraced chess coach", "chess coach"),
    ("in young telegraph clerk", "young telegraph clerk", "telegraph clerk"),
    ("retired dragon-rider", "retired dragon-rider", "dragon-rider"),
    ("night-shift nurse", "night-shift nurse", "nurse"),
    ("wedding caterer", "wedding caterer", "wedding caterer"),
    ("retired", "retired", ""),
    ("elderly sister", "elderly sister", ""),
    ("clumsy ghost", "clumsy ghost", ""),
    ("teenage girl", "teenage girl", ""),
])
def test_a_roles_standing_is_not_its_trade(role: str, cleaned: str, trade: str) -> None:
    assert role_words(role) == (cleaned, trade)


def _strings(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for value in node.values() for s in _strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in _strings(value)]
    return []


@pytest.mark.parametrize("idea", [
    "A disgraced chess coach trains a prodigy in a seaside town.",
    "In 1912 a young telegraph clerk receives a message meant for a ship's owner.",
    "A retired dragon-rider takes a job teaching toddlers to swim at the municipal baths.",
])
def test_every_role_line_reads_for_any_role_phrase(idea: str) -> None:
    # Before: "He was a disgraced chess coach by trade", "I was an in young telegraph clerk".
    lines = [line for line in _strings(lexicon()) if "{role" in line or "{trade" in line]
    assert len(lines) >= 4
    for line in lines:
        for seed in range(4):
            realiser = _realiser(idea)
            realiser.rng = Random(seed)
            try:
                text = realiser.fill(line.lstrip("~"))
            except SlotUnavailable:
                continue
            assert " an in " not in text and " a in " not in text, text
            for state in ("disgraced", "retired", "young"):
                assert not (state in text and ("by trade" in text or "for years" in text
                                               or "make a" in text or "made a" in text)), text


@pytest.mark.parametrize("phrase", ["tyre tracks cut into the verge",
                                    "wet leaves stuck to the glass", "footsteps on the stair"])
def test_there_was_agrees_with_a_plural_whose_participle_could_be_a_noun(phrase: str) -> None:
    # Before: "There was tyre tracks cut into the verge" ("cut" read as the head).
    assert is_plural_np(phrase)
    assert not is_plural_np("the hinge cut into the door")


POV_TENSES = [(pov, tense) for pov in ("first", "close_third", "second")
              for tense in ("past", "present")]


@pytest.mark.parametrize(("pov", "tense"), POV_TENSES)
def test_every_character_frame_reads_in_every_pov_and_tense(pov: str, tense: str) -> None:
    # A frame the lint or the cliché list refuses is never told, and its turn falls to the
    # next frame: "Someone had chalked Viktor Marsh…" (the name used, not given) made the
    # old "letter on the mat" the most shared frame of all.
    from shortstory.analysis.cliches import find_cliches
    from shortstory.analysis.pov import lint_pov_tense

    problems = []
    for part, frames in character_lines().items():
        for n, frame in enumerate(frames):
            realiser = _realiser("A telegraph clerk receives a message meant for a ship's owner.",
                                 quirk="counts stairs under his breath", pov=pov, tense=tense,
                                 genre="historical")
            realiser.in_core = True
            try:
                text = " ".join(realiser.fill(line.removeprefix("¶")) for line in frame)
            except SlotUnavailable:
                continue
            issues = [i.text for i in lint_pov_tense(text, pov, tense, ["Viktor Marsh"])]
            issues += [c.text for c in find_cliches(text)]
            if issues or "?" in text.replace("?”", "").replace("?” ", "") or "{" in text:
                problems.append((part, n, text, issues))
    assert not problems, problems[:4]


@pytest.mark.parametrize(("genre", "line", "slip"), [
    ("historical", "{P} {v:cross} the wet tarmac to the door.", "tarmac"),
    ("fantasy", "{P} {v:feel} for a light switch gritty with dust.", "light switch"),
    ("fantasy", "The air {v3:smell} of exhaust from an idling engine.", "exhaust"),
])
def test_a_period_story_tells_no_modern_thing(genre: str, line: str, slip: str) -> None:
    # Before: "wet tarmac" in 1890, "a light switch gritty with dust" in a dragon's cave.
    realiser = _realiser("A lamplighter witnesses a theft he cannot report.", genre=genre)
    with pytest.raises(SlotUnavailable):
        realiser.fill(line)
    assert slip in _realiser("A courier rides the night roads.", genre="thriller").fill(line)


def test_a_modern_word_the_premise_names_is_its_own() -> None:
    realiser = _realiser("A radio operator in 1941 hears a call from a ship.", genre="historical")
    assert "radio" in realiser.fill("{P} {v:tune} the radio.")


def test_a_period_palette_keeps_no_modern_phrase() -> None:
    realiser = _realiser("A knight retires to keep bees in a hill town.", genre="fantasy")
    from shortstory.writers.procedural.period import out_of_period

    for sense, phrases in realiser.palette.items():
        assert not [p for p in phrases if out_of_period(p, "fantasy")], sense


@pytest.mark.parametrize(("line", "told"), [
    ("The bells {vp:ring} for six at {home}, and {P} {v:be} already at work.", "on the island"),
    ("{P} {v:see} to it at {home} every shift.", "in the city"),
])
def test_a_place_not_stood_at_takes_its_own_preposition(line: str, told: str) -> None:
    # Before: "The bells rang for six at the island", "You see to the bet at the city".
    place = told.split()[-1]
    realiser = _realiser(f"A ferryman keeps a secret in the {place}.")
    realiser.home = f"the {place}"
    assert told in realiser.fill(line)


@pytest.mark.parametrize("text", ["She stared at the city for an hour.",
                                  "We met at the village hall.", "at the edge of the town,",
                                  "She looked back at a hill farm where sheep grazed."])
def test_a_look_a_longer_place_or_an_edge_keeps_its_at(text: str) -> None:
    from shortstory.writers.procedural.slots.places import fit_at

    assert fit_at(text, lexicon()["place_frames"]["at_heads"]) == text


def test_no_written_line_reads_as_an_unfilled_slot() -> None:
    # "every cup in the place", "None of this…": the corpus check cannot tell them from a slot
    # left empty, and neither can a reader.
    import json
    import re
    from pathlib import Path

    data = Path(__file__).parents[3] / "src/shortstory/writers/procedural/data"
    pattern = re.compile(r"\b[Tt]he place\b|\bNone\b|\b[Tt]he character(?:'s|’s)?\b")
    paths = [*data.glob("scenes/*.json"), *data.glob("genre_scenes/*.json"),
             data / "lexicon.json", data / "genre_spines.json", data / "actions/_told.json",
             data / "actions/_event.json"]
    found = [line for path in sorted(paths)
             for line in _strings(json.loads(path.read_text(encoding="utf-8")))
             if pattern.search(re.sub(r"\{[^}]*\}", "", line)) and not line.startswith("_")]
    assert not found, found[:5]


@pytest.mark.parametrize(("contradiction", "pov", "tense", "told", "said"), [
    ("brave with strangers, a coward with family", "first", "past",
     "I was brave with strangers, a coward with family.",
     "“You are brave with strangers, a coward with family.”"),
    ("fearless in the air, terrified of his own shadow", "close_third", "present",
     "is fearless in the air, terrified of his own shadow.",
     "“You are fearless in the air, terrified of your own shadow.”"),
    ("loves crowds, hates being looked at", "first", "past", "I loved crowds, hated being "
     "looked at.", "“You love crowds, hate being looked at.”"),
])
def test_a_contradiction_is_a_state_or_a_deed_and_may_be_said_to_their_face(
        contradiction: str, pov: str, tense: str, told: str, said: str) -> None:
    # Before: "I braved with strangers", "he terrifies of his own shadow".
    realiser = _realiser("A lifeguard stops a race.", pov=pov, tense=tense)
    realiser.contradiction = contradiction
    realiser.in_core = True
    assert realiser.fill("{P} {contra}.").endswith(told)
    assert realiser.fill("“You {contra_you}.”") == said


@pytest.mark.parametrize(("pov", "own"), [("first", "me"), ("close_third", "him"),
                                          ("second", "you")])
def test_a_cast_role_speaks_of_the_protagonist_in_the_storys_person(pov: str, own: str) -> None:
    # Before: "Benedikt Maddox, an old friend who owed them money" (the catalog's "them").
    realiser = _realiser("A lifeguard stops a race.", pov=pov)
    member = realiser.plan.world.cast[0]
    assert "them" in member.role.split()
    text = realiser.fill("{A} {v3:come} in.")
    assert " them " not in text and f" {own} " in text, text


def test_a_plural_head_that_is_also_a_verb_stays_the_head() -> None:
    # "damp coats on a row of pegs": "coats" is no participle, the phrase is plural.
    assert is_plural_np("damp coats on a row of pegs")


def test_a_particle_keeps_its_at() -> None:
    from shortstory.writers.procedural.slots.places import fit_at

    text = "Ezra looked in at the yard and offered."
    assert fit_at(text, lexicon()["place_frames"]["at_heads"]) == text


@pytest.mark.parametrize("tense", ["past", "present"])
def test_a_wants_own_clause_takes_the_storys_tense(tense: str) -> None:
    # Before: "There was a thing she wanted, to get out before he calls anyone" in a past story.
    body = {"premise": {"idea": "A witness in protection is recognised at a service station.",
                        "character": {"name": "Sarah Finn", "pronouns": "she/her",
                                      "want": "to get out before he calls anyone"}},
            "genre": "thriller", "structure": "three-act",
            "scaffold": {"pov": "close_third", "tense": tense}, "target_words": 900, "seed": 2}
    plan = plan_story(StoryRequest.model_validate(body))
    realiser = Realiser(plan, catalog.genre("thriller"), genre_lexicon("thriller"), Random(1))
    realiser.in_core = True  # the want's own line: a core unit, outside the phrases' budget
    text = realiser.fill("{P} {v:want} {want}.")
    assert ("before he called anyone" in text) == (tense == "past"), text
    assert ("before he calls anyone" in text) == (tense == "present"), text


def _quirk_lines() -> list[str]:
    import json
    from pathlib import Path

    data = Path(__file__).parents[3] / "src/shortstory/writers/procedural/data"
    paths = [*data.glob("scenes/*.json"), *data.glob("genre_scenes/*.json"), data / "lexicon.json"]
    return [line.lstrip("~?¶") for path in sorted(paths)
            for line in _strings(json.loads(path.read_text(encoding="utf-8")))
            if "{quirk" in line and not line.startswith("_")]


@pytest.mark.parametrize("quirk", ["hums hymns when nervous", "talks to the cat",
                                   "cracks his knuckles before speaking"])
def test_a_quirks_own_occasion_is_left_where_the_line_shows_the_deed(quirk: str) -> None:
    # Before: "The first thing Tamsin sees, coming in, is me humming hymns when nervous";
    # "When the work goes badly I hum hymns when nervous".
    import re

    occasion = quirk.split(" when ")[-1].split(" before ")[-1] if " when " in quirk or (
        " before " in quirk) else None
    lines = _quirk_lines()
    assert len(lines) >= 20
    told = 0
    for line in lines:
        realiser = _realiser("A lighthouse keeper finds a diary in the lost-property box.",
                             quirk=quirk)
        realiser.in_core = True
        try:
            text = realiser.fill(line)
        except SlotUnavailable:
            continue
        told += 1
        assert "{" not in text, text
        if ":act}" in line or re.search(r"\b(?:when|while|if|until)\b",
                                        re.sub(r"\{quirk[^}]*\}", "", line)):
            assert occasion is None or occasion not in text, (line, text)
        assert len(re.findall(r"\bwhen\b", text)) <= 1, text
    assert told >= 10


def test_a_standing_habit_fills_no_line_that_shows_a_deed() -> None:
    realiser = _realiser("A lighthouse keeper finds a diary.", quirk="collects bus tickets")
    realiser.in_core = True
    for line in _quirk_lines():
        if ":act}" in line:
            with pytest.raises(SlotUnavailable):
                realiser.fill(line)


def test_a_slot_does_not_say_its_templates_word_again() -> None:
    # Before: "There I find a tithe ledger bound, bound with thread that is not thread".
    from shortstory.writers.procedural.realiser import undoubled

    assert undoubled("looked at the ", "the kitchens", ".", "obj") == "kitchens"
    with pytest.raises(SlotUnavailable):
        undoubled("There I find ", "a tithe ledger bound", ", bound with thread", "next_clue")
    with pytest.raises(SlotUnavailable):
        undoubled("put ", "a photograph with the date on the back", " back where", "obj")
    assert undoubled("and ", "Lotte", ", {A} had been", "A") == "Lotte"


@pytest.mark.parametrize(("home", "told"), [("the kitchens", "in the kitchens"),
                                            ("the marshes", "on the marshes")])
def test_a_plural_place_after_a_templates_at_takes_its_own_preposition(home: str,
                                                                        told: str) -> None:
    # Before: "who has been at the marshes longer than anyone", "nothing at the marshes need
    # you" (the place slot's plural taken for the subject).
    realiser = _realiser("A ferryman keeps a secret.")
    realiser.home = home
    text = realiser.fill("For ten minutes nothing at {home} {v3:need} {Po}.")
    assert told in text and "needed him" in text, text
    assert "at the marshes" in _realiser("A ferryman keeps a secret.").fill(
        "He stared at the marshes.")


def test_a_sense_that_names_its_own_place_is_not_given_the_scenes() -> None:
    # Before: "You hear a landline ringing in a house with no phone at the kitchens".
    for seed in range(12):
        realiser = _realiser("A night porter hears a call.", genre="horror")
        realiser.rng = Random(seed)
        realiser.palette["sound"] = ["a landline ringing in a house with no phone",
                                     "a tap dripping"]
        text = realiser.fill("{P} {v:hear} {sound} at {place}.")
        assert "landline" not in text, text


@pytest.mark.slow
def test_no_story_doubles_a_word_or_slips_an_article_or_a_corner() -> None:
    # Before: "I make a better than decent unicorn keeper", "bound, bound with thread",
    # "a house with no phone at the kitchens".
    import re

    from test_engine_premises import corpus

    heads = lexicon()["place_frames"]["at_heads"]
    plurals = [h for kind in ("on", "in") for h in heads[kind] if h.endswith("s") and " " not in h]
    keep = set(heads["keep_after"])
    pronouns = "i|he|she|they|you|we|it"
    slips = [re.compile(r"\b(?!(?:" + pronouns + r"|had|that)\b)([a-z]+),? \1\b"),
             re.compile(r"\b[Aa]n? (?:better|worse|more|less|bigger|smaller|older) than\b"),
             re.compile(r"\b([\w’']+) [Aa]t the (?:[\w-]+ )?(?:" + "|".join(plurals) + r")\b")]
    failures = {}
    for s in corpus():
        found = [m.group(0) for p in slips for m in p.finditer(s.text)
                 if not (m.lastindex and m.group(1).lower() in keep)]
        if found:
            failures[s.n] = found
    assert not failures, list(failures.items())[:8]


def _template_lines() -> list[str]:
    import json
    from pathlib import Path

    data = Path(__file__).parents[3] / "src/shortstory/writers/procedural/data"
    return [line for path in sorted(data.rglob("*.json"))
            for line in _strings(json.loads(path.read_text(encoding="utf-8")))]


def test_a_cast_member_who_acts_owns_things_by_pronoun_not_by_name_again() -> None:
    # Before: "Beatriz put down Beatriz's fork." (both blind readers' worst line).
    import re

    again = re.compile(r"\{([ABW])\}(?:(?![.!?|\[\]]).)*?\{\1\}['’]s")
    assert [line for line in _template_lines() if again.search(line)] == []
    realiser = _realiser("A chess coach trains a prodigy in a seaside town.")
    text = realiser.fill("{B} {v3:put} down {Bp} fork.")
    first = text.split()[0]
    assert text.endswith(" fork.") and f"{first}'s" not in text
    assert text.split()[-2] in {"her", "his", "their"}, text


def test_a_compound_place_does_not_double_the_next_word() -> None:
    from shortstory.writers.procedural.realiser import undoubled

    # "comes to the lean-to to say": the corner's last part meets the template's next word.
    with pytest.raises(SlotUnavailable):
        undoubled("{B} {v3:come} to ", "the lean-to", " to say it has to stop.", "place")
    assert undoubled("{B} {v3:come} to ", "the lean-to", " at dusk.", "place") == "the lean-to"


def test_a_side_is_stood_on_not_in() -> None:
    # Before: "I crouched by it in the far side of the border" (a reader's worst line).
    from shortstory.writers.procedural.slots.places import fit_side
    assert fit_side("I crouched by it in the far side of the border.") == \
        "I crouched by it on the far side of the border."
    assert fit_side("In the other side of the yard, a dog.") == \
        "On the other side of the yard, a dog."
    assert fit_side("She lived in the far north.") == "She lived in the far north."


@pytest.mark.parametrize(("before", "after", "opens"), [
    # Before: "“Still at it, Martha,” My husband Tobin called." (a speech tag capitalised)
    ("“Still at it, Martha,” ", " called.", False),
    ("“Who is it?” ", " asked, from the stairs.", False),
    ("“Go home.” ", " left without a word.", True),
    ("“Who is it?” ", " stood in the doorway.", True),
    ("", " came in.", True),
    ("I sat down. ", " came in.", True),
    ("I waited for ", " at the door.", False),
])
def test_a_family_name_is_capitalised_only_where_a_sentence_opens(before: str, after: str,
                                                                  opens: bool) -> None:
    assert _opens_sentence(before, after) is opens


def test_family_is_first_named_by_the_kin_word_not_the_whole_role() -> None:
    # Before: "Her widowed father learning to cook Benedikt leaned on the gate".
    body = {"premise": {"idea": "A hospice gardener plants a bulb for every patient.",
                        "character": {"name": "Ngaire Tupaea", "pronouns": "she/her"}},
            "genre": "literary", "structure": "three-act",
            "scaffold": {"pov": "close_third", "tense": "past"}, "target_words": 900, "seed": 2}
    plan = plan_story(StoryRequest.model_validate(body))
    composer = Composer(plan, catalog.genre("literary"), genre_lexicon("literary"), Random(1))
    father = CastMember(name="Benedikt Tupaea", role="a widowed father learning to cook",
                        short_role="a widowed father learning to cook", stance="ally")
    assert composer._first_mention(father) == "her widowed father Benedikt"


def test_the_ideas_nouns_to_think_of_are_not_the_protagonists_own_kind() -> None:
    # Before: "She ate standing up, not tasting it, thinking of the gardener" (she is the
    # gardener); "He goes to bed with the porter on his mind" (he is the porter).
    realiser = _realiser("A hospice gardener plants a bulb for every patient.")
    realiser.in_core = True
    told = {realiser.fill("{idea_noun}") for _ in range(8)}
    assert told and "the gardener" not in told, told


@pytest.mark.parametrize(("contradiction", "said"), [
    # Before: "“You are walked in space, afraid of deep water.”"
    ("walked in space, afraid of deep water", None),
    ("brave with strangers, a coward with family", "are brave with strangers"),
    ("scared of dogs, kind to cats", "are scared of dogs"),
])
def test_a_contradiction_said_to_their_face_is_a_state_not_a_past_deed(
        contradiction: str, said: str | None) -> None:
    realiser = _realiser("A retired astronaut teaches a class of toddlers to swim.")
    realiser.in_core = True
    realiser.contradiction = contradiction
    try:
        told: str | None = realiser.fill("{contra_you}")
    except SlotUnavailable:
        told = None
    assert (told is None) if said is None else (told or "").lower().startswith(said), told


@pytest.mark.parametrize(("tense", "told"), [("present", "has walked in space"),
                                             ("past", "had walked in space")])
def test_a_past_deed_in_a_contradiction_is_told_in_the_perfect(tense: str, told: str) -> None:
    # Before: "It is the old joke, and it is not funny tonight: Gus walks in space, afraid of
    # deep water."
    realiser = _realiser("A retired astronaut teaches a class of toddlers to swim.", tense=tense)
    realiser.in_core = True
    realiser.contradiction = "walked in space, afraid of deep water"
    assert told in realiser.fill("{P} {contra}.")


def test_a_period_hospital_has_no_hand_gel_nor_monitors() -> None:
    # Before: "I caught hand gel on the air." and "a monitor beeping" at a field hospital in 1862.
    idea = "In 1862, a nurse at a field hospital hides a wounded enemy soldier in a tent."
    body = {"premise": {"idea": idea,
                        "character": {"name": "Harriet Cole", "pronouns": "she/her"}},
            "genre": "historical", "structure": "three-act",
            "scaffold": {"pov": "first", "tense": "past"}, "target_words": 2000, "seed": 10406}
    plan = plan_story(StoryRequest.model_validate(body))
    phrases = [p for sense in plan.world.palette.values() for p in sense]
    assert not [p for p in phrases if re.search(r"hand gel|monitor|beeping", p)], phrases
    text = ProceduralWriter().render(plan)
    assert not re.search(r"hand gel|monitor|beeping", text)


@pytest.mark.parametrize(("pov", "tense"), [("first", "past"), ("close_third", "past"),
                                             ("second", "present")])
def test_a_character_notes_later_clause_and_subordinate_verbs_keep_their_grammar(
        pov: str, tense: str) -> None:
    # Before: "I kept every custom, excepted this one" and "I wanted to keep things as they
    # was" (a reader's blind set): "except" inflected as a verb, "were" made singular.
    body = {"premise": {"idea": "A widowed beekeeper cannot bring himself to tell his bees.",
                        "character": {"name": "Amos Threlfall", "pronouns": "he/him",
                                      "contradiction": "keeps every custom, except this one",
                                      "want": "to keep things as they were"}},
            "genre": "literary", "structure": "circular",
            "scaffold": {"pov": pov, "tense": tense}, "target_words": 1500}
    for seed in range(6):
        plan = plan_story(StoryRequest.model_validate({**body, "seed": seed}))
        text = ProceduralWriter().render(plan)
        assert "excepted" not in text
        assert "they was" not in text
        assert "except this one" in text or "as they were" in text or seed


@pytest.mark.parametrize(("contradiction", "pov", "slot", "told"), [
    ("saves strangers daily, never forgave her own brother", "first", "{contra}",
     "saved strangers daily, never forgave my own brother"),
    # Before: "you save strangers daily, never forgave her own brother" (a dev-set story).
    ("saves strangers daily, never forgave her own brother", "first", "{contra_you}",
     "save strangers daily, never forgive your own brother"),
    ("keeps every custom, except her own", "close_third", "{contra}",
     "kept every custom, except her own"),
    ("keeps every custom, except her own", "first", "{contra}", "kept every custom, except my own"),
])
def test_a_notes_later_clause_takes_the_narrations_pronouns_verb_or_not(
        contradiction: str, pov: str, slot: str, told: str) -> None:
    body = {"premise": {"idea": "A lifeguard at a closing lido races her estranged brother.",
                        "character": {"name": "Kerry Doyle", "pronouns": "she/her",
                                      "contradiction": contradiction}},
            "genre": "literary", "structure": "three-act",
            "scaffold": {"pov": pov, "tense": "past"}, "target_words": 900, "seed": 2}
    plan = plan_story(StoryRequest.model_validate(body))
    realiser = Realiser(plan, catalog.genre("literary"), genre_lexicon("literary"), Random(1))
    assert told in realiser.fill(slot).lower()
