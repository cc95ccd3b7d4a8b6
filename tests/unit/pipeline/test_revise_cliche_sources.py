"""A clichés revision rewrites our catalogue's entries and leaves a second source's phrases
(proselint's lists, which carry no suggestion) in place rather than recording no-op edits."""

from __future__ import annotations

from shortstory.pipeline.revise import cliche_changes


def test_a_cliche_revision_rewrites_our_entries_and_leaves_list_phrases_in_place() -> None:
    text = "It was a far cry from home. Her heart pounded in her chest."
    (change,) = cliche_changes(text)
    assert (change.before, change.reason) == (
        "Her heart pounded in her chest",
        "cliché: her heart pounded in her chest",
    )
    assert change.after != change.before
