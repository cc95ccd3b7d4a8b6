"""The three revision modes behind one call, :func:`revise_text`.

- ``cliches``: each cliché found by :func:`~shortstory.analysis.cliches.find_cliches` replaced
  by :func:`~shortstory.analysis.cliches.replacement_for` (inflected, case kept);
- ``sharpen``: filler, hedges, weak intensifiers and redundant phrases cut or replaced, the
  length changed by at most 10 % (:mod:`.sharpen`);
- ``instruction``: the small grammar of :mod:`.instructions`, told again from the changed plan
  (:mod:`.by_instruction`) by the ``render`` the writer passes in.

The text is checked and its words counted once, here, for every mode.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from shortstory.analysis.cliches import find_cliches, replacement_for
from shortstory.analysis.input_checks import check_characters, check_word_count
from shortstory.analysis.words import count_words
from shortstory.pipeline.revise.by_instruction import revise_by_instruction
from shortstory.pipeline.revise.edits import Change, apply_changes
from shortstory.pipeline.revise.record import MODES, Mode, Revision
from shortstory.pipeline.revise.sharpen import MAX_CHANGE_RATIO, sharpen_changes

if TYPE_CHECKING:
    from shortstory.pipeline.plan import StoryPlan

def revise_text(
    text: str,
    mode: Mode,
    instruction: str | None = None,
    plan: StoryPlan | None = None,
    *,
    render: Callable[[StoryPlan], str] | None = None,
) -> Revision:
    """Revise ``text`` by ``mode``.

    :param render: the writer's rendering of a whole plan into text, which ``instruction``
        revisions need to tell the changed plan again; the other modes do without.
    :raises AnalysisInputError: ``text`` is empty, too long or holds control characters.
    :raises ValueError: ``mode`` is not one of :data:`MODES`, or ``instruction`` without
        ``render``.
    :raises PlanRequired: ``instruction`` mode without the story's plan.
    :raises UnsupportedInstruction: the instruction is outside the grammar.
    :raises InvalidInstruction: the instruction is missing, contradictory or out of range.
    """
    text = check_characters(text)
    words = count_words(text)
    check_word_count(words)
    if mode == "cliches":
        changes = cliche_changes(text)
    elif mode == "sharpen":
        changes = sharpen_changes(text, MAX_CHANGE_RATIO, words=words)
    elif mode == "instruction":
        if render is None:
            raise ValueError("instruction revisions re-render the plan: pass the writer's render")
        return revise_by_instruction(text, instruction, plan, words, render)
    else:
        raise ValueError(f"unknown revision mode {mode!r}; use one of {', '.join(MODES)}")
    revised = apply_changes(text, changes)
    return Revision(revised, mode, changes, words)


def cliche_changes(text: str) -> list[Change]:
    """One change per cliché in ``text``: the match replaced by its fitted suggestion."""
    changes = []
    for match in find_cliches(text):
        replacement = replacement_for(match, text)
        if replacement == match.text:
            continue  # a second source's entry (no suggestion of ours): flagged, not rewritten
        changes.append(Change(match.start, match.end, match.text, replacement,
                              f"cliché: {match.phrase}"))
    return changes
