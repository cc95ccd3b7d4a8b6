"""The POV/tense linter: narration that breaks the story's point of view or tense.

:func:`lint_pov_tense` is the one entry point (:mod:`.linter`); the rest is its machinery: the
text read as sentences of marked words (:mod:`.clauses`), the words it reasons with
(:mod:`.lexicon`), the person rules (:mod:`.person`) and the tense rules (:mod:`.verbs`, and
:mod:`.phrases` after a noun-phrase subject).
"""

from shortstory.analysis.pov.linter import POVS, TENSES, PovTenseIssue, lint_pov_tense

__all__ = ["POVS", "TENSES", "PovTenseIssue", "lint_pov_tense"]
