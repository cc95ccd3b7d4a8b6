"""A dependency-free estimate of how many BPE tokens English prose costs.

``tiktoken`` downloads its tables on first use (impossible offline), and a provider's own tokenizer
is not at hand before the request, so budgets (rate limits in tokens per minute, prompt sizes) use
:func:`estimate_tokens`. It follows what byte-level BPE tokenizers of the GPT-2 family do with
English, piece by piece, as their pre-tokenizer splits the text:

* a word with its leading space is one token when short; longer words are rarer and split into
  more pieces: +0.1 per letter beyond 5. A capitalised word (often a name) adds +0.1 per letter
  beyond 3, and each further capital letter +0.5 ("PIZZA" is ``PI|ZZ|A``); a letter outside ASCII
  adds 1 (``Pag|ès``);
* an apostrophe between letters goes with the letters after it (``don|'t``, ``you|'re``); a
  curly one (``’``) is a token of its own (``isn|’|t``);
* digits are one token each, plus one for the space before a number (SmolLM2 and Llama-style
  vocabularies split numbers into digits);
* a run of punctuation is one token per two characters (``,"`` and ``."`` are single tokens), a run
  of dots one per three (``...``);
* newlines: one token for a single one, then one per two more (``\\n\\n`` before text is
  ``\\n|\\n``); in a run of blanks every tab, and every space but the last, is a token.

The rates are round numbers read off the average token cost per word length (lower-case and
capitalised words apart) of SmolLM2's tokenizer (llama.cpp's ``POST /extras/tokenize``) over
about 30,000 tokens of prose: the twelve passages below and the 21 stories and excerpts in
``tests/fixtures/public_domain`` and ``tests/fixtures/pov_tense``. Nothing is fitted to one
passage. Calibration against that tokenizer (SmolLM2-135M-Instruct, 49,152-token vocabulary) on
twelve passages of narrative prose with dialogue, names, numbers and contractions, written for
``tests/integration/local_llm/test_token_estimate_live.py`` (which checks each is within ±10 %):

=============  =====  ========  ======  =======
passage        words  estimate  server  error
=============  =====  ========  ======  =======
harbour          105       147     152   -3.3 %
ledger           150       248     250   -0.8 %
kitchen          247       372     373   -0.3 %
pool             216       290     297   -2.4 %
train            278       405     415   -2.4 %
letter           276       393     395   -0.5 %
storm            348       462     468   -1.3 %
courtroom        360       566     566   +0.0 %
market           439       607     622   -2.4 %
grandmother      671       904     880   +2.7 %
heist            485       758     768   -1.3 %
expedition       800      1148    1146   +0.2 %
=============  =====  ========  ======  =======

On the 21 fixture texts (259–2,337 words each) the error is between -2.0 % and +2.5 %. Other
tokenizers differ: OpenAI's ``cl100k``/``o200k`` merge up to three digits, and runs of newlines,
into one token, so for them this overestimates number-heavy text slightly. It is an estimate
for English; other scripts are undercounted (a CJK character is often two tokens).

The estimate never decreases when text is appended, and the empty string costs 0.
"""

from __future__ import annotations

import functools
import math
import operator
import re

_PIECE = re.compile(
    r"(?P<apostrophe>(?<=[^\W\d_])'(?=[^\W\d_]))"
    r"|(?P<word>[^\W\d_]+)"
    r"|(?P<digits>\d+)"
    r"|(?P<newlines>[^\S\n]*\n\s*)"
    r"|(?P<blanks>\s+)"
    r"|(?P<dots>\.+)(?![^\w\s])"
    r"|(?P<punct>[^\w\s]+|_+)"
)
"""The pre-tokenizer's pieces, roughly: GPT-2's split of words, numbers, punctuation and blanks."""

LONG_WORD_FROM = 5
"""Lower-case words longer than this split into more tokens, ``LONG_WORD_RATE`` per letter."""
LONG_WORD_RATE = 0.1
CAPITALISED_FROM = 3
"""Capitalised words longer than this cost ``CAPITALISED_RATE`` more per letter (names split)."""
CAPITALISED_RATE = 0.1
EXTRA_CAPITAL = 0.5
"""Each upper-case letter after the first (acronyms, shouting)."""


@functools.lru_cache(maxsize=8192)
def _word_cost(word: str) -> float:
    cost = 1.0 + LONG_WORD_RATE * max(0, len(word) - LONG_WORD_FROM)
    if word[0].isupper():
        cost += CAPITALISED_RATE * max(0, len(word) - CAPITALISED_FROM)
    cost += EXTRA_CAPITAL * sum(1 for letter in word[1:] if letter.isupper())
    cost += sum(1 for letter in word if not letter.isascii())
    return cost


def _blanks_cost(blanks: str) -> int:
    # The last space goes with the next word; other blanks (and tabs) are tokens.
    return len(blanks) - (1 if blanks.endswith(" ") else 0)


PARAGRAPH_BREAK_TOKENS = 2
"""What ``"\n\n"`` between two paragraphs costs (one newline token, one more per pair)."""


def estimate_tokens(text: str) -> int:
    """About how many BPE tokens ``text`` (English prose) costs; 0 for the empty string.

    Within ±10 % of SmolLM2's tokenizer on the calibration passages (see the module's docstring),
    typically within ±3 %. Paragraphs are counted one by one and remembered: a writer estimates
    the story so far before every request, and only its newest paragraphs are new.
    """
    paragraphs = text.split("\n\n")
    return (sum(_paragraph_tokens(paragraph) for paragraph in paragraphs)
            + PARAGRAPH_BREAK_TOKENS * (len(paragraphs) - 1))


def tokens_at_most(text: str) -> int:
    """An upper bound of :func:`estimate_tokens` of ``text`` from C-speed counts, for a caller
    that only asks whether ``text`` fits: every piece of the rule costs at most its length in
    characters (a word at most one per letter, a run of marks or blanks at most one per
    character, a paragraph break two), but for two: a number after a blank costs one more
    (the blank's token), and a letter outside ASCII costs one more. So the text's length, plus
    one per digit and one per character outside ASCII, bounds the estimate."""
    digits = sum(map(text.count, _DIGITS))
    return len(text) + digits + (0 if text.isascii()
                                 else len(text) - len(text.encode("ascii", "ignore")))


@functools.lru_cache(maxsize=2048)
def _paragraph_tokens(text: str) -> int:
    fast = prose_estimate(text)
    return pieces_estimate(text) if fast is None else fast


def prose_estimate(paragraph: str) -> int | None:
    """:func:`pieces_estimate` of a paragraph of prose, from C-speed scans instead of a loop
    per piece; ``None`` for other text (:func:`_prose_tenths`).

    The exact sum is in tenths, the rule's a sum of floats within far less than 0.1 of it: they
    round alike unless the sum is on a half (``round`` goes to even; a float's error may not).
    On a half the pieces' costs are added as the rule adds them, in order.
    """
    tenths = _prose_tenths(paragraph)
    if tenths is None or tenths % 10 != 5:
        return None if tenths is None else (tenths + 5) // 10
    if _BREAK_BEFORE_DIGIT.search(paragraph):  # two pieces the rule adds apart
        return None
    return round(functools.reduce(operator.add,
                                  map(_piece_cost, _PROSE_PIECE.findall(paragraph)), 0.0))


_PROSE_PIECE = re.compile(r"[^\W\d_]+|(?<=[^\W\d_])'[^\W\d_]+| ?\d+|\n|[^\w\s]+")
"""The rule's pieces of prose that cost something, in order: a word (with the apostrophe
before it), a number (with the space before it), a line break, a run of marks."""
_BREAK_BEFORE_DIGIT = re.compile(r"\n\d")


@functools.lru_cache(maxsize=8192)
def _piece_cost(piece: str) -> float:
    first = piece[0]
    if first.isalpha():
        return _word_cost(piece)
    if first == "'" and piece[1:2].isalpha():
        return _word_cost(piece[1:])
    if first == " " or first.isdigit():
        return len(piece)
    return 1 if first == "\n" else _marks_cost(piece)


def _prose_tenths(text: str) -> int | None:
    """Tenths of tokens of a paragraph of prose, else ``None``.

    Prose here: its blanks are single spaces (each costs 0) and single line breaks (each 1),
    never side by side; it has no underscore; each character outside ASCII is a letter or a
    punctuation mark. Then every maximal run of letters is a word piece, every run of marks
    one piece (an apostrophe between letters costs nothing), and a number follows a blank
    exactly when a blank stands before it.
    """
    breaks = text.count("\n")
    spaced = text.replace("\n", " ") if breaks else text
    if "  " in spaced or "_" in text or not spaced.isprintable():
        return None
    tables = _ASCII_TABLES if text.isascii() else _tables_for(
        frozenset(char for char in set(text) if not char.isascii()))
    if tables is None:
        return None
    letters_only, marks_only = tables
    digits = sum(map(spaced.count, _DIGITS))
    if digits:
        digits += sum(map(spaced.count, _DIGITS_AFTER_A_SPACE))
    inner_apostrophes = len(_INNER_APOSTROPHE.findall(text)) if "'" in text else 0
    return (sum(map(_word_tenths, text.translate(letters_only).split()))
            + 10 * (sum(map(_marks_cost, text.translate(marks_only).split()))
                    - inner_apostrophes + digits + breaks))


_DIGITS = tuple("0123456789")
_DIGITS_AFTER_A_SPACE = tuple(f" {digit}" for digit in _DIGITS)
_INNER_APOSTROPHE = re.compile(r"'(?<=[^\W\d_]')(?=[^\W\d_])")
"""Written apostrophe first, so the search jumps from apostrophe to apostrophe."""
_MARK = re.compile(r"[^\w\s]")
_ASCII = [chr(code) for code in range(128)]
_ASCII_TABLES = (str.maketrans({char: " " for char in _ASCII if not char.isalpha()}),
                 str.maketrans({char: " " for char in _ASCII if not _MARK.match(char)}))
"""``str.translate`` tables leaving only the letters, or only the marks, between spaces."""


@functools.lru_cache(maxsize=256)
def _tables_for(others: frozenset[str]) -> tuple[dict[int, str], dict[int, str]] | None:
    """:data:`_ASCII_TABLES` with the non-ASCII letters and marks of a text (a text's set of
    them is mostly the same curly quotes and dashes), or ``None`` when it holds anything else
    (a digit, a blank, a combining mark)."""
    letters_only, marks_only = dict(_ASCII_TABLES[0]), dict(_ASCII_TABLES[1])
    for char in others:
        if char.isalpha():
            marks_only[ord(char)] = " "
        elif _MARK.match(char):
            letters_only[ord(char)] = " "
        else:
            return None
    return letters_only, marks_only


@functools.lru_cache(maxsize=8192)
def _word_tenths(word: str) -> int:
    return round(10 * _word_cost(word))


@functools.lru_cache(maxsize=1024)
def _marks_cost(run: str) -> int:
    """A run of punctuation: dots one token per three, anything else one per two."""
    return math.ceil(len(run) / 3) if not run.strip(".") else math.ceil(len(run) / 2)


def pieces_estimate(paragraph: str) -> int:
    """The estimate of one paragraph by the rule itself, piece by piece (module docstring):
    what :func:`estimate_tokens` counts, faster, for each paragraph of prose."""
    total = 0.0
    after_blank = False
    for match in _PIECE.finditer(paragraph):
        kind, piece = match.lastgroup, match.group()
        if kind == "word":
            total += _word_cost(piece)
        elif kind == "apostrophe":
            pass  # "'t", "'re": one token with the letters after it, counted as a word
        elif kind == "digits":
            total += len(piece) + (1 if after_blank else 0)
        elif kind == "newlines":
            blanks_before = piece[: piece.index("\n")]
            total += _blanks_cost(blanks_before) + 1 + math.ceil((piece.count("\n") - 1) / 2)
        elif kind == "blanks":
            total += _blanks_cost(piece)
        elif kind == "dots":
            total += math.ceil(len(piece) / 3)
        else:
            total += math.ceil(len(piece) / 2)
        after_blank = kind in {"newlines", "blanks"}
    return round(total)
