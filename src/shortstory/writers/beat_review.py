"""What a model writer's beat goes through before it is kept: cleaning, the length contract, and
our judge with one targeted repair.

- **cleaning** (:meth:`BeatReview.kept`): wrappers, talk about the writing, and sentences the
  story already told (or the premise and the beat's instructions pasted back) are dropped;
- **length contract** (:meth:`BeatReview.held_to_length`): a beat far under its budget is
  continued (streamed), one far over is cut at a sentence end;
- **judge and repair** (:meth:`BeatReview.judged`): POV/tense slips and clichés found by our
  analysis get one request rewriting only the sentences concerned, a rewrite kept where it is
  better; a cliché that survives takes our catalogue's replacement and a slip the linter names
  a fix for is fixed word by word (:mod:`.voice_fix`).

The counts (what the judge found in the raw draft and what remained) go on the version.
"""

from __future__ import annotations

import re
from collections.abc import Generator
from typing import Any

from shortstory.analysis.words import count_words
from shortstory.pipeline.plan import Beat, StoryPlan
from shortstory.writers.judge import (
    Finding,
    clean_prose,
    counts,
    cut_to_words,
    drop_meta,
    fix_cliches,
    flagged_sentences,
    judge,
    replace_spans,
)
from shortstory.writers.model_answers import OutlineInvalid, parse_json_answer, repair_schema
from shortstory.writers.model_calls import ModelCalls
from shortstory.writers.prompts.messages import (
    character_names,
    continue_messages,
    repair_messages,
    tokens_for,
)
from shortstory.writers.prose_reading import content_words, word_count
from shortstory.writers.repeats import StoryMemory, drop_repeats
from shortstory.writers.voice_fix import fix_voice, retell, told_in_third

UNDER_BUDGET = 0.9
"""A beat under this share of its word budget is continued."""
OVER_BUDGET = 1.05
"""A beat over this share of its word budget is cut at a sentence end, to ``CUT_TO`` of it:
few beats means little room for one beat's excess to even out."""
CUT_TO = 1.02
MAX_CONTINUATIONS = 2
MAX_REPAIR_SENTENCES = 12


class BeatReview:
    """Cleans, holds to length, judges and repairs one story's beats, and counts what it did.

    ``story`` holds the beats kept so far (:meth:`keep`), in order.
    """

    def __init__(self, calls: ModelCalls) -> None:
        self._calls = calls
        self.story: list[str] = []
        self._memory = StoryMemory()
        self._raw = dict.fromkeys(("pov", "tense", "cliche"), 0)
        self._after = dict(self._raw)
        self._repair_requests = 0
        self._continuations = 0
        self._cuts = 0
        self._voice_fixes = 0
        self._retold = 0
        self._meta_dropped = 0
        self._repeats_dropped = 0
        self.drafts_set_aside = 0

    def record(self) -> dict[str, Any]:
        """What the judge found in the raw drafts, what remained, and what it did about it."""
        return {"raw": dict(self._raw), "after_repair": dict(self._after),
                "repair_requests": self._repair_requests,
                "continuations": self._continuations, "cuts": self._cuts,
                "drafts_set_aside": self.drafts_set_aside,
                "words_fixed_for_voice": self._voice_fixes,
                "beats_retold_in_person": self._retold,
                "repeats_dropped": self._repeats_dropped,
                "meta_dropped": self._meta_dropped}

    def keep(self, text: str) -> None:
        """Add a finished beat to the story."""
        self.story.append(text)
        self._memory.add(text)

    def kept(self, plan: StoryPlan, beat: Beat, answer: str, before: str = "") -> str:
        """The prose of an answer: wrappers, talk about the writing, repeats of the story (and
        of ``before``, this beat so far) and the premise or the beat's instructions pasted
        back removed."""
        text, meta = drop_meta(clean_prose(answer))
        sources = [plan.story_request.premise.idea, beat.summary]
        purposes = [b.purpose for b in plan.outline.beats]
        if beat.purpose not in purposes:  # the same instructions for every beat of a story
            purposes.append(beat.purpose)
        text, repeats = drop_repeats(text, [before] if before else [], sources,
                                     story=self._memory, instructions=purposes)
        self._meta_dropped += meta
        self._repeats_dropped += repeats
        return text

    def held_to_length(self, plan: StoryPlan, beat: Beat, words: int, shown: str,
                       text: str) -> Generator[str, None, tuple[str, str]]:
        """``(shown, text)`` continued while far under ``words`` (the continuation streamed
        after ``shown``, what the consumer holds) and cut at a sentence end when far over."""
        have = word_count(text)
        for _ in range(MAX_CONTINUATIONS):
            missing = words - have
            if missing <= words * (1 - UNDER_BUDGET):
                break
            self._continuations += 1
            messages = continue_messages(plan, beat, text, missing, self.story,
                                         self._calls.config.context_tokens)
            more = yield from self._calls.stream(messages, stage="draft",
                                                 max_tokens=tokens_for(missing), base=shown,
                                                 lead=" ")
            shown = f"{shown} {more}"
            text = f"{text}\n\n{self.kept(plan, beat, more, before=text)}".strip()
            have = word_count(text)
        if have > words * OVER_BUDGET:
            self._cuts += 1
            text = cut_to_words(text, round(words * CUT_TO))
        return shown, text

    def judged(self, plan: StoryPlan, text: str) -> str:
        """``text`` after the judge: slips and clichés repaired as far as they can be."""
        pov, tense = plan.scaffold.pov, plan.scaffold.tense
        scaffold = {"pov": pov, "tense": tense}
        names = character_names(plan)
        pronouns = plan.character.pronouns
        findings = judge(text, scaffold, names)
        for kind, n in counts(findings).items():
            self._raw[kind] += n
        if any(f.kind == "pov" for f in findings) and told_in_third(text, pov, names, pronouns):
            # Not a few slips for a repair request: the whole beat is in the wrong person.
            text, fixed = retell(text, pov, tense, names, pronouns)
            self._retold += 1
            self._voice_fixes += fixed
            findings = judge(text, scaffold, names)
        left = findings
        if findings:
            text = self.repaired(plan, text, findings, names)
            left = judge(text, scaffold, names)
            if any(f.kind == "cliche" for f in left):
                text = fix_cliches(text)
            if any(f.kind in ("pov", "tense") for f in left):
                # What the model did not rewrite, and the linter names a fix for.
                text, fixed = fix_voice(text, pov, tense, names, pronouns)
                self._voice_fixes += fixed
            left = judge(text, scaffold, names)
        for kind, n in counts(left).items():
            self._after[kind] += n
        return text

    def repaired(self, plan: StoryPlan, text: str, findings: list[Finding],
                 names: list[str]) -> str:
        """One request rewriting only the flagged sentences; a rewrite is kept when it is
        better than the sentence it replaces."""
        groups = flagged_sentences(text, findings)[:MAX_REPAIR_SENTENCES]
        if not groups:
            return text
        problems = "\n".join(
            f'{n}. "{span.text}" ({"; ".join(f.message for f in inside)})'
            for n, (span, inside) in enumerate(groups, 1))
        self._repair_requests += 1
        structured = self._calls.config.structured_output != "none"
        content = self._calls.chat(repair_messages(plan, problems, len(groups)), stage="repair",
                                   schema=repair_schema(len(groups)) if structured else None,
                                   max_tokens=60 + sum(tokens_for(count_words(span.text))
                                                       for span, _ in groups))
        try:
            rewritten = parse_json_answer(content).get("sentences", [])
        except (OutlineInvalid, AttributeError):
            return text
        if not isinstance(rewritten, list) or len(rewritten) != len(groups):
            return text
        scaffold = {"pov": plan.scaffold.pov, "tense": plan.scaffold.tense}
        replacements = []
        for (span, inside), new in zip(groups, rewritten, strict=True):
            new = " ".join(str(new).split())
            if not _plausible_rewrite(new, span.text):
                continue
            if len(judge(new, scaffold, names)) < len(inside):
                replacements.append((span.start, span.end, new))
        return replace_spans(text, replacements)

    def without_cliches(self, plan: StoryPlan, text: str) -> str:
        """``text`` with its clichés repaired paragraph by paragraph (the ``cliches``
        revision); what the model keeps takes our catalogue's replacement."""
        names = character_names(plan)
        scaffold = {"pov": plan.scaffold.pov, "tense": plan.scaffold.tense}
        out = []
        for paragraph in text.split("\n\n"):
            findings = [f for f in judge(paragraph, scaffold, names) if f.kind == "cliche"]
            if findings:
                paragraph = self.repaired(plan, paragraph, findings, names)
                paragraph = fix_cliches(paragraph)
            out.append(paragraph)
        return "\n\n".join(out)


_META_ECHO = re.compile(r"rewritten|sentences?,? in order|\bPOV\b|\btense\b", re.IGNORECASE)


def _plausible_rewrite(new: str, old: str) -> bool:
    """A rewrite that is a sentence of about the same length saying about the same thing (a
    model asked for JSON sometimes answers with the request's own words instead)."""
    if not new or not re.search(r"[.!?\"”’']$", new) or _META_ECHO.search(new):
        return False
    if count_words(new) > 2 * count_words(old) + 8:
        return False
    before = set(content_words(old))
    after = content_words(new)
    return not before or sum(1 for w in after if w in before) >= 0.4 * min(len(before), len(after))
