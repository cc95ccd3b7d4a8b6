"""The POV/tense linter: planted slips are found, published and clean prose stays quiet."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shortstory.analysis.pov import PovTenseIssue, lint_pov_tense

sys.path.insert(0, str(Path(__file__).parent))
from pov_fixtures import Fixture, planted_fixtures

PUBLIC_DOMAIN = Path(__file__).resolve().parents[2] / "fixtures" / "public_domain"
FIXTURES = planted_fixtures()


def lint(fixture: Fixture) -> list[PovTenseIssue]:
    return lint_pov_tense(fixture.text, fixture.pov, fixture.tense, fixture.characters)


def test_at_least_95_percent_of_60_planted_slips_are_found() -> None:
    found, missed = 0, []
    for fixture in FIXTURES:
        issues = lint(fixture)
        for start, end in fixture.slips:
            if any(start <= issue.start < end for issue in issues):
                found += 1
            else:
                missed.append(f"{fixture.name}: {fixture.text[start:end]}")
    total = found + len(missed)
    assert total >= 60
    assert found / total >= 0.95, f"{found}/{total} found; missed: {missed}"


def test_every_pov_and_tense_has_planted_slips_and_a_clean_passage() -> None:
    kinds = {(f.pov, f.tense) for f in FIXTURES if f.slips}
    clean = {(f.pov, f.tense) for f in FIXTURES if not f.slips}
    expected = {(p, t) for p in ("first", "close_third", "second") for t in ("past", "present")}
    assert kinds == expected
    assert clean == expected


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda fixture: fixture.name)
def test_nothing_is_flagged_outside_the_planted_slips(fixture: Fixture) -> None:
    stray = [
        (issue.text, issue.message)
        for issue in lint(fixture)
        if not any(start <= issue.start < end for start, end in fixture.slips)
    ]
    assert stray == []


def public_domain_files() -> list[tuple[str, str, str]]:
    """(file, pov, tense) rows of the public-domain README that the linter must pass clean."""
    readme = PUBLIC_DOMAIN / "README.md"
    if not readme.exists():
        return []
    rows = []
    for line in readme.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 5 or not cells[0].startswith("`"):
            continue
        name, pov, tense = cells[0].strip("`"), cells[3], cells[4]
        if pov in ("first", "close_third", "second") and tense in ("past", "present"):
            rows.append((name, pov, tense))
    return rows


@pytest.mark.parametrize(("name", "pov", "tense"), public_domain_files())
def test_public_domain_narration_has_no_hits_in_its_real_pov_and_tense(
    name: str, pov: str, tense: str
) -> None:
    text = (PUBLIC_DOMAIN / name).read_text(encoding="utf-8")
    issues = lint_pov_tense(text, pov, tense)
    context = [text[max(0, i.start - 60) : i.end + 20] for i in issues]
    assert issues == [], context


def test_public_domain_fixture_is_present_and_used() -> None:
    assert (PUBLIC_DOMAIN / "README.md").exists()
    assert len(public_domain_files()) >= 4


@pytest.mark.parametrize(
    ("text", "pov", "tense"),
    [
        ("“I walk to the door,” she said. “He is late.”", "close_third", "past"),
        ("\"I walk to the door,\" she said. 'He is late,' I said.", "first", "past"),
        ("“She told me, ‘I am going,’ and left,” he said.", "close_third", "past"),
        ("She said she would go. He could see the sea. They might be late.", "close_third", "past"),
        ("She read the note he left on the table.", "close_third", "present"),
        ("She reads the note he left on the table.", "close_third", "present"),
        ("Tom came in. He sat down. I watched him.", "first", "past"),
        ("I can't do this, she thought. She walked on.", "close_third", "past"),
        ("She walked on. *I can't do this.* The road was long.", "close_third", "past"),
        ("You open the door. Years ago you lived here. You were happy then.", "second", "present"),
        ("When you opened your mouth there was a chill. She smiled.", "close_third", "past"),
        ("I remember the house. I still think of it. I lived there once.", "first", "past"),
        ("I don't think I believed her. I'm still not sure.", "first", "past"),
        ("I paid. The receptionist looked up. She smiled at me.", "first", "past"),
        ("I waved. The ferryman nodded. He pushed off.", "first", "past"),
        ("You wave. The policewoman nods. She lets you pass.", "second", "present"),
        ("Years ago you lived here. You were happy. Tom was there.", "second", "present"),
        ("Dee sat with her laptop. She did not look up. I left.", "first", "past"),
        ("The hollowed eyes, the open mouth, the hands that never rest.", "close_third", "past"),
        ("He went out, as a baby peers out of its pram.", "close_third", "past"),
        ("He's a plucky devil, thought the boss. He smiled.", "close_third", "past"),
        ("Everything changes. She knew that now.", "close_third", "past"),
        ("The note read: Meet me at nine. She folded it.", "close_third", "past"),
        ("He is dead, she realised. She sat down.", "close_third", "past"),
        ("Chapter I\n\nI\n\nAnna woke early. Part I was over.", "close_third", "past"),
        ("She looks. A coat hung on the peg the wrong way round.", "close_third", "present"),
        ("A kettle left to boil dry. A window latched from outside.", "first", "present"),
    ],
)
def test_legitimate_constructions_are_not_flagged(text: str, pov: str, tense: str) -> None:
    assert lint_pov_tense(text, pov, tense, ["Anna", "Tom"]) == []


@pytest.mark.parametrize(
    ("text", "pov", "tense", "word", "kind"),
    [
        ("She opened the door. She walks out.", "close_third", "past", "walks", "tense"),
        ("She opens the door. She walked out.", "close_third", "present", "walked", "tense"),
        ("The kitchen was cold. The kettle is on.", "close_third", "past", "is", "tense"),
        ("Anna opened the door. I walked out.", "close_third", "past", "I", "pov"),
        ("I opened the door. She walked out into the rain.", "first", "past", "She", "pov"),
        ("You open the door. I walk out.", "second", "present", "I", "pov"),
        ("I opened the door. Anna walked out.", "first", "past", "Anna", "pov"),
        ("“Go,” says Tom.", "close_third", "past", "says", "tense"),
        ("She set the cup down. She's tired.", "close_third", "past", "She's", "tense"),
        ("The room was bigger than he remembered, and it is cold.", "close_third", "past", "is",
         "tense"),
        ("By three the rain stops.", "first", "past", "stops", "tense"),
        ("I wait. Something moved in the hall.", "first", "present", "moved", "tense"),
    ],
)
def test_slips_are_flagged_on_the_offending_word(
    text: str, pov: str, tense: str, word: str, kind: str
) -> None:
    issues = lint_pov_tense(text, pov, tense, ["Anna", "Tom"])
    assert [(issue.text, issue.kind) for issue in issues] == [(word, kind)]
    issue = issues[0]
    assert text[issue.start : issue.end] == issue.text
    assert "\n" not in issue.message and issue.message


def test_the_same_slip_inside_dialogue_is_not_flagged() -> None:
    narration = "She opened the door. She walks out."
    assert len(lint_pov_tense(narration, "close_third", "past")) == 1
    quoted = "She opened the door. “She walks out,” he said."
    assert lint_pov_tense(quoted, "close_third", "past") == []


def test_a_speech_over_several_paragraphs_stays_excluded() -> None:
    text = "He began to speak.\n\n“I walk there every day.\n\n“I am tired of it.”\n\nShe nodded."
    assert lint_pov_tense(text, "close_third", "past") == []


prose_pieces = st.sampled_from(
    [
        "She walks to the door.", "I opened it.", "“You’re late,” he said.", "'Tis late.",
        "The kettle boiled.", "You were there.", "Anna's coat hung there.", "*I can't.*",
        "\n\n", " ", "“Go on.\n\n“Go.”", "the boys’ dog", "Mr. Holt left...", "Why?",
    ]
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(prose_pieces, max_size=25).map(" ".join),
    st.sampled_from(["first", "close_third", "second"]),
    st.sampled_from(["past", "present"]),
)
def test_issues_slice_the_original_in_order(text: str, pov: str, tense: str) -> None:
    issues = lint_pov_tense(text, pov, tense, ["Anna", "Tom"])
    assert issues == sorted(issues, key=lambda issue: (issue.start, issue.kind))
    for issue in issues:
        assert text[issue.start : issue.end] == issue.text
        assert issue.kind in ("pov", "tense") and issue.message


def test_unknown_pov_or_tense_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="pov"):
        lint_pov_tense("Text.", "omniscient", "past")
    with pytest.raises(ValueError, match="tense"):
        lint_pov_tense("Text.", "first", "future")


def test_empty_text_has_no_issues() -> None:
    assert lint_pov_tense("", "first", "past") == []


@pytest.mark.parametrize(
    ("text", "pov", "tense", "word", "expected"),
    [
        ("I opened the door. The old man looked at Maren and smiled.", "first", "past",
         "Maren", "me"),
        ("I waited. Tom handed Maren the keys.", "first", "past", "Maren", "me"),
        ("I opened the door. Maren's coat hung on the hook.", "first", "past", "Maren's", "my"),
        ("I opened the door. Maren Holt's coat hung there.", "first", "past", "Maren", "my"),
        ("I waited. Tom knew that Maren was late.", "first", "past", "Maren", "I"),
        ("I waited. The note Maren had left was gone.", "first", "past", "Maren", "I"),
        ("You wait. Tom hands Maren the keys.", "second", "present", "Maren", "you"),
        ("You open the door. Maren’s coat hangs on the hook.", "second", "present", "Maren’s",
         "your"),
        ("I opened the door. Maren walked out.", "first", "past", "Maren", "I"),
    ],
)
def test_the_protagonists_own_name_in_narration_is_a_slip_wherever_it_stands(
    text: str, pov: str, tense: str, word: str, expected: str
) -> None:
    issues = lint_pov_tense(text, pov, tense, ["Maren Holt", "Tom"])
    assert [(issue.text, issue.kind) for issue in issues] == [(word, "pov")]
    assert issues[0].message.endswith(f"expected '{expected}'")


@pytest.mark.parametrize(
    ("text", "pov", "tense"),
    [
        ("My name was Maren Holt. They called me Maren. I was Maren to them.", "first", "past"),
        ("Tom Holt, my father, waited at the door. I went in.", "first", "past"),
        ("Maren\n\nI woke early.", "first", "past"),
        ("“Maren, come here,” Tom said. I went.", "first", "past"),
        ("The envelope bore MAREN HOLT in red ink. I opened it.", "first", "past"),
    ],
)
def test_the_protagonists_name_given_or_heard_is_not_a_slip(
    text: str, pov: str, tense: str
) -> None:
    assert lint_pov_tense(text, pov, tense, ["Maren Holt", "Tom"]) == []


@pytest.mark.parametrize(
    ("text", "pov", "tense"),
    [
        ("Maren went down the mine. The old mine was dark. Her father worked in a coal mine. "
         "Mines are cold, she knew. Down the mine she went.", "close_third", "past"),
        ("You go down the mine. The mine is dark. Its mines run under the sea.", "second",
         "present"),
        ("Anna saw the mine's entrance. A gold mine, Tom said.", "close_third", "past"),
    ],
)
def test_mine_the_noun_is_not_the_first_person_pronoun(text: str, pov: str, tense: str) -> None:
    assert lint_pov_tense(text, pov, tense, ["Anna", "Tom"]) == []


@pytest.mark.parametrize(
    ("text", "pov", "tense"),
    [
        ("Anna took the lamp. It was mine.", "close_third", "past"),
        ("Anna took the lamp and mine.", "close_third", "past"),
        ("You take the lamp. It is mine.", "second", "present"),
    ],
)
def test_mine_the_pronoun_is_still_flagged(text: str, pov: str, tense: str) -> None:
    issues = lint_pov_tense(text, pov, tense, ["Anna", "Tom"])
    assert [(issue.text, issue.kind) for issue in issues] == [("mine", "pov")]
