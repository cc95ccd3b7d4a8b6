"""The protagonist's own name in first- or second-person narration: a slip wherever it stands
(subject, object, possessive, a subordinate clause's subject) unless it is given or heard."""

from __future__ import annotations

from shortstory.analysis.pov.clauses import Sentence, Token
from shortstory.analysis.pov.lexicon import (
    FUNCTION_WORDS,
    NAME_PARTICLES,
)
from shortstory.analysis.pov.predicates import finite_verb_follows, predicate_follows


def own_name(
    sentence: Sentence, position: int, pov: str, protagonist: frozenset[str]
) -> str | None:
    """The protagonist's name in first- or second-person narration: a slip as a subject (``I``),
    an object (``me``) or a possessor (``my``), unless the name is given or heard there."""
    tokens = sentence.tokens
    token = tokens[position]
    last = position  # the name's last word: "Maren Holt's coat"
    while (
        last + 1 < len(tokens)
        and tokens[last + 1].text[0].isupper()
        and tokens[last + 1].lower.removesuffix("'s") in protagonist
        and not tokens[last + 1].speech
        and not tokens[last].lower.endswith("'s")
    ):
        last += 1
    subject, object_, possessive = ("I", "me", "my") if pov == "first" else ("you",) * 2 + (
        "your",
    )
    owner = tokens[last].lower.endswith("'s")
    if not owner and token.opens_clause and predicate_follows(sentence, position):
        expected = subject  # the subject of a clause: "Maren walked in"
    elif _given_or_heard(tokens, position, last):
        return None
    elif owner:
        expected = possessive
    elif finite_verb_follows(sentence, last):
        expected = subject  # inside a subordinate clause: "Tom knew that Maren was late"
    else:
        expected = object_
    return f"{pov}-person narration names the protagonist '{token.text}'; expected '{expected}'"


def _given_or_heard(tokens: tuple[Token, ...], position: int, last: int) -> bool:
    """Whether the protagonist's name at ``position`` (to ``last``) is given, shown or someone
    else's there rather than used: ``called me Maren``, ``MAREN HOLT`` on an envelope, ``Tom
    Holt``, the name alone as a heading."""
    token = tokens[position]
    if token.text.isupper() and len(token.text) > 1:
        return True  # capitals of a sign or an envelope
    if position == 0 and last + 1 == len(tokens):
        return True  # the name alone: a heading, a signature
    if not position:
        return False
    previous = tokens[position - 1]
    if previous.lower in _NAMING_WORDS:
        return True
    before = tokens[position - 2] if position > 1 else None
    if previous.lower in NAME_PARTICLES and before is not None and before.text[0].isupper():
        return True  # the rest of "Bram de Vries", judged at its first word
    if previous.lower == "to" and before is not None and before.lower in _ADDRESSED:
        return True  # an envelope "addressed to Maren Holt"
    # The rest of the name ("Maren Holt"), or someone else's full name ("Tom Holt"; but "Then
    # Maren" is the name after an ordinary word opening the sentence).
    return previous.text[0].isupper() and not token.follows_mark and not (
        previous.sentence_initial and previous.lower in FUNCTION_WORDS
    )


_ADDRESSED = frozenset({"addressed", "made", "written", "signed", "dedicated", "introduced"})
_NAMING_WORDS = frozenset(
    {"name", "named", "names", "call", "called", "calls", "nicknamed", "christened", "dear",
     "am", "was", "is", "be", "been", "as", "me", "you", "miss", "mrs", "mr", "ms", "signed"}
)  # fmt: skip
"""Words before the protagonist's name that give it rather than use it: ``called me Maren``,
``My name was Maren``, ``Dear Maren``."""
