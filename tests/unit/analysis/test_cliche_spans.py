"""Properties: whatever surrounds a cliché, its span slices the original text to the matched
words, and its fitted replacement takes it out."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from shortstory.analysis.cliches import catalogue, fill_slots, find_cliches, replacement_for

CLICHES = [
    "her heart pounded in her chest",
    "my blood ran cold",
    "a chill ran down his spine",
    "all of a sudden",
    "only time will tell",
    "little did she know",
    "at the end of the day",
    "as cold as ice",
    "the calm before the storm",
]
# Separators that keep words apart but never break a sentence.
GAP = st.text(alphabet=" \t\n,—–-‐\u00a0\u2009\u3000*_~/", min_size=1, max_size=4).filter(
    # no blank line (a paragraph break) and no lone hyphen (which would join two words)
    lambda s: s.count("\n") < 2 and s.strip(" \t\u00a0\u2009\u3000") not in {"-", "‐"}
)
FILLER = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30
)


@settings(max_examples=200, deadline=None)
@given(cliche=st.sampled_from(CLICHES), before=FILLER, after=FILLER, data=st.data())
def test_span_slices_the_original_to_the_matched_words(
    cliche: str, before: str, after: str, data: st.DataObject
) -> None:
    words = cliche.split(" ")
    gaps = [data.draw(GAP) for _ in words[1:]]
    body = words[0] + "".join(g + w for g, w in zip(gaps, words[1:], strict=True))
    text = f"{before}. {body}. {after}"
    matches = find_cliches(text)
    for match in matches:
        assert text[match.start : match.end] == match.text
    body_start = len(before) + 2
    inside = [m for m in matches if m.start >= body_start and m.end <= body_start + len(body)]
    assert inside, (text, matches)
    found = inside[0]
    # The span runs from a word's first letter to a word's last letter of the planted cliché.
    assert body.endswith(found.text)
    assert any(found.text.startswith(word) for word in words)
    assert found.start == 0 or not text[found.start - 1].isalnum()


ENTRY_FORMS = [
    (entry.id, fill_slots(form, ())) for entry in catalogue().entries for form in entry.forms
]


@settings(max_examples=150, deadline=None)
@given(chosen=st.sampled_from(ENTRY_FORMS), before=FILLER, after=FILLER)
def test_a_replacement_always_fits_and_removes_the_cliche(
    chosen: tuple[str, str], before: str, after: str
) -> None:
    _, form = chosen
    text = f"{before}. {form}. {after}"
    for match in find_cliches(text):
        replacement = replacement_for(match, text)
        assert replacement.strip()
        revised = text[: match.start] + replacement + text[match.end :]
        assert match.id not in {m.id for m in find_cliches(revised)}, (text, revised)
