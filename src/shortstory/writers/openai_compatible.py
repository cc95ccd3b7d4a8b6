"""The writer for every OpenAI-compatible provider, through the official ``openai`` SDK.

One code path for OpenAI, the OpenAI-compatible endpoints of Gemini and Anthropic, Groq,
Together, OpenRouter, vLLM, llama.cpp's server, Ollama and LM Studio: only ``base_url``, model,
key and a few numbers differ (:class:`~shortstory.writers.providers.ProviderConfig`).

- **outline**: the model fills in what happens in each of *our* beats (their functions and word
  budgets are the structure's), planning from the premise's own place, people, objects and
  conflict, as JSON checked by pydantic; with a JSON schema in ``response_format`` where the
  provider takes one. A malformed answer is asked again once, with the problem quoted back.
- **draft**: beat by beat, streamed; each beat's prompt carries the scaffold, the outline, the
  story so far (whole while it fits the context, else a summary and the last lines) and its word
  budget. Each beat then passes our judge: a beat far under budget is continued, one far over is
  cut at a sentence end, and POV/tense slips and clichés get one targeted repair request for the
  sentences concerned (a cliché that survives it takes our catalogue's replacement).
- **revise**: ``cliches`` (targeted repair), ``sharpen`` and ``instruction``, passage by passage.

Every request goes through the provider's :class:`~shortstory.writers.resilience.ProviderGuard`
(retries, breaker, outbound budget). Token counts come from the provider's ``usage``; a stream
that carries none is counted with :func:`~shortstory.writers.token_estimate.estimate_tokens`
and the version says so (``usage_counted: "estimate"``).
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from dataclasses import replace
from typing import Any

import openai

from shortstory.analysis.words import count_words
from shortstory.pipeline import catalog
from shortstory.pipeline.plan import Beat, Outline, StoryPlan
from shortstory.writers import writer_metrics
from shortstory.writers.judge import (
    Finding,
    clean_prose,
    content_words,
    counts,
    cut_to_words,
    draft_score,
    drop_meta,
    drop_repeats,
    echoes,
    fix_cliches,
    flagged_sentences,
    judge,
    replace_spans,
)
from shortstory.writers.model_answers import (
    OutlineAnswer,
    OutlineInvalid,
    as_sentence,
    draft_groups,
    outline_schema,
    parse_json_answer,
    parse_outline,
    purpose_summary,
    repair_schema,
    usable_item,
    usable_name,
    usable_summary,
    usable_title,
)
from shortstory.writers.prompts import (
    PROMPT_VERSION,
    describe_character,
    render,
    scaffold_values,
    subject_pronoun,
    template,
)
from shortstory.writers.protocol import (
    BeatReset,
    TokenUsage,
    WriterError,
    WriterResult,
)
from shortstory.writers.providers import ProviderConfig
from shortstory.writers.resilience import ProviderGuard, StreamBroken
from shortstory.writers.token_estimate import estimate_tokens
from shortstory.writers.voice_fix import fix_voice

UNDER_BUDGET = 0.9
"""A beat under this share of its word budget is continued."""
OVER_BUDGET = 1.05
"""A beat over this share of its word budget is cut at a sentence end, to ``CUT_TO`` of it:
few beats means little room for one beat's excess to even out."""
CUT_TO = 1.02
MAX_CONTINUATIONS = 2
TOKENS_PER_WORD = 1.6
"""Completion tokens allowed per word asked for: room for the words, not for a second story."""
MAX_REPAIR_SENTENCES = 12
TAIL_WORDS = 150
"""Words of the story so far quoted verbatim once the whole no longer fits the context."""
PROMPT_MARGIN_TOKENS = 700
"""Context kept free for the beat prompt's other parts and the chat template."""
REVISE_PASSAGE_WORDS = 450


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


_META_ECHO = re.compile(r"rewritten|sentences?,? in order|\bPOV\b|\btense\b", re.IGNORECASE)


class OpenAICompatibleWriter:
    """Writes through one OpenAI-compatible provider. One instance per story or revision."""

    def __init__(self, name: str, config: ProviderConfig, client: openai.OpenAI,
                 guard: ProviderGuard) -> None:
        self.name = name
        self.model = config.model
        self.config = config
        self._client = client
        self._guard = guard
        self._stages: dict[str, TokenUsage] = {}
        self._estimated_stages: set[str] = set()
        self._raw = dict.fromkeys(("pov", "tense", "cliche"), 0)
        self._after = dict(self._raw)
        self._repair_requests = 0
        self._continuations = 0
        self._drafts_set_aside = 0
        self._voice_fixes = 0
        self._cuts = 0
        self._carry = 0
        self._written: list[str] = []
        self._meta_dropped = 0
        self._repeats_dropped = 0
        self._seed = 0
        self._requests = 0

    # --- accounting ------------------------------------------------------------------------

    @property
    def usage(self) -> TokenUsage:
        """Tokens spent so far by this instance, all stages."""
        total = TokenUsage()
        for spent in self._stages.values():
            total = total + spent
        return total

    def provenance(self) -> dict[str, Any]:
        """Prompt version, tokens and cost per stage, what the judge found and what remained."""
        usage = self.usage
        return {
            "prompt_version": PROMPT_VERSION,
            "usage": {stage: {"tokens_in": u.tokens_in, "tokens_out": u.tokens_out}
                      for stage, u in self._stages.items()},
            "usage_counted": "estimate" if self._estimated_stages else "provider",
            "cost_usd": round(self.config.cost_usd(usage.tokens_in, usage.tokens_out), 6),
            "judge": {"raw": dict(self._raw), "after_repair": dict(self._after),
                      "repair_requests": self._repair_requests,
                      "continuations": self._continuations, "cuts": self._cuts,
                      "drafts_set_aside": self._drafts_set_aside,
                      "words_fixed_for_voice": self._voice_fixes,
                      "repeats_dropped": self._repeats_dropped,
                      "meta_dropped": self._meta_dropped},
        }

    def _record(self, stage: str, prompt: int, completion: int, *, estimated: bool) -> None:
        self._stages[stage] = self._stages.get(stage, TokenUsage()) + TokenUsage(prompt, completion)
        if estimated:
            self._estimated_stages.add(stage)
        writer_metrics.TOKENS.labels(self.name, "in").inc(prompt)
        writer_metrics.TOKENS.labels(self.name, "out").inc(completion)

    # --- requests --------------------------------------------------------------------------

    def _request_tokens(self, messages: list[dict[str, str]], max_tokens: int) -> int:
        return sum(estimate_tokens(m["content"]) + 4 for m in messages) + max_tokens

    def _sampling(self, max_tokens: int) -> dict[str, Any]:
        options: dict[str, Any] = {"temperature": self.config.temperature,
                                   "max_tokens": min(max_tokens, self.config.max_tokens)}
        if self.config.frequency_penalty:
            options["frequency_penalty"] = self.config.frequency_penalty
        if self.config.send_seed:
            self._requests += 1
            options["seed"] = (self._seed * 1009 + self._requests) % 2**31
        return options

    def _chat(self, messages: list[dict[str, str]], *, stage: str, max_tokens: int,
              schema: dict[str, Any] | None = None) -> str:
        """One guarded, non-streamed request; the answer's text."""
        kwargs: dict[str, Any] = {"model": self.config.model, "messages": messages,
                                  **self._sampling(max_tokens)}
        if schema is not None:
            kwargs["response_format"] = self._response_format(schema)
        tokens = self._request_tokens(messages, kwargs["max_tokens"])
        response: Any = None
        try:
            for attempt in self._guard.attempts():
                with attempt, self._guard.call(tokens):
                    response = self._client.chat.completions.create(**kwargs)
        except Exception as exc:
            raise self._guard.translate(exc) from exc
        content = (response.choices[0].message.content or "") if response.choices else ""
        if response.usage is not None:
            self._record(stage, response.usage.prompt_tokens or 0,
                         response.usage.completion_tokens or 0, estimated=False)
        else:
            self._record(stage, self._request_tokens(messages, 0), estimate_tokens(content),
                         estimated=True)
        return content

    def _response_format(self, schema: dict[str, Any]) -> dict[str, Any]:
        mode = self.config.structured_output
        if mode == "json_object":  # llama.cpp's server: a schema beside the type
            return {"type": "json_object", "schema": schema}
        if mode == "json_schema":
            return {"type": "json_schema",
                    "json_schema": {"name": "answer", "schema": schema, "strict": False}}
        return {"type": "json_object"}

    def _stream(self, messages: list[dict[str, str]], *, stage: str, max_tokens: int,
                base: str, lead: str = "") -> Generator[str, None, str]:
        """Stream one guarded request, yielding its chunks; returns the answer's text.

        ``base`` is what the consumer holds of the beat before this request: a stream that
        breaks after sending text is retried from a ``BeatReset(base)``, so nothing doubles.
        """
        kwargs: dict[str, Any] = {
            "model": self.config.model, "messages": messages, "stream": True,
            "stream_options": {"include_usage": True}, **self._sampling(max_tokens),
        }
        tokens = self._request_tokens(messages, kwargs["max_tokens"])
        parts: list[str] = []
        usage: list[Any] = [None]
        dirty = False
        try:
            for attempt in self._guard.attempts():
                with attempt:
                    if dirty:
                        yield BeatReset(base)
                        dirty = False
                    parts, usage[0] = [], None
                    with self._guard.call(tokens):
                        for piece in self._read_stream(kwargs, usage):
                            if not piece:
                                continue
                            if not parts and lead:
                                piece = lead + piece
                            parts.append(piece)
                            dirty = True
                            yield piece
        except Exception as exc:
            raise self._guard.translate(exc) from exc
        text = "".join(parts)
        if usage[0] is not None:
            self._record(stage, usage[0].prompt_tokens or 0, usage[0].completion_tokens or 0,
                         estimated=False)
        else:
            self._record(stage, self._request_tokens(messages, 0), estimate_tokens(text),
                         estimated=True)
        return text[len(lead):] if lead and text.startswith(lead) else text

    def _read_stream(self, kwargs: dict[str, Any], usage: list[Any]) -> Iterator[str]:
        """The text of each event of one streamed answer; ``usage[0]`` gets the provider's
        token counts when the stream carries them.

        :raises StreamBroken: the stream stopped before the provider said it was done.
        """
        stream = self._client.chat.completions.create(**kwargs)
        finished = False
        try:
            for event in stream:
                if getattr(event, "usage", None) is not None:
                    usage[0] = event.usage
                for choice in event.choices or ():
                    piece = choice.delta.content if choice.delta is not None else None
                    if choice.finish_reason:
                        finished = True
                    yield piece or ""
        except openai.APIError:
            raise
        except Exception as exc:  # the transport's own error for a connection cut mid-stream
            raise StreamBroken(f"the stream broke: {type(exc).__name__}") from exc
        finally:
            stream.close()
        if not finished:
            raise StreamBroken("the stream ended before the answer was finished")

    # --- outline ---------------------------------------------------------------------------

    def _premise_values(self, plan: StoryPlan) -> dict[str, Any]:
        premise = plan.request["premise"]
        genre = catalog.genre(plan.outline.genre)
        return {
            "idea": premise["idea"].strip().rstrip("."),
            "character": describe_character(premise["character"]),
            "theme": premise.get("theme") or "(left to the story)",
            "genre": genre.name,
            "genre_conventions": "; ".join(genre.conventions[:4]),
            "structure": catalog.structure(plan.outline.structure).name,
            "beat_count": len(plan.outline.beats),
            "name": premise["character"].get("name", "the protagonist"),
        }

    def outline(self, plan: StoryPlan) -> Outline:
        """The structure's beats with what happens in each, planned by the model.

        :raises WriterError: the answer was unusable twice (the problem quoted).
        """
        self._seed = plan.seed
        values = self._premise_values(plan)
        count = len(plan.outline.beats)
        values["beat_slots"] = "\n".join(
            f"{beat.index + 1}. {beat.role}: {beat.purpose}" for beat in plan.outline.beats)
        messages = [{"role": "system", "content": template("system_planner").strip()},
                    {"role": "user", "content": render("outline", values)}]
        schema = outline_schema(count) if self.config.structured_output != "none" else None
        max_tokens = 220 + 110 * count
        answer: OutlineAnswer | None = None
        for attempt in range(2):
            content = self._chat(messages, stage="outline", max_tokens=max_tokens, schema=schema)
            try:
                answer = parse_outline(content, count)
                break
            except OutlineInvalid as exc:
                if attempt == 1:
                    raise WriterError(f"the {self.name} model's outline was unusable after a "
                                      f"repair request: {exc}", writer=self.name) from None
                messages += [{"role": "assistant", "content": content[:4000]},
                             {"role": "user", "content": render(
                                 "outline_repair", {"problem": str(exc), "beat_count": count})}]
        assert answer is not None
        protagonist = str(plan.character["name"])
        # Else the planned title stays.
        title = usable_title(answer.title, plan.request["premise"]["idea"])
        # What reads as anything but plain words about this story is left out: a weak model
        # lost inside JSON fills strings with brackets, lists, numbers or talk about writing.
        cast = []
        for member in answer.cast[:4]:
            name = usable_name(member.name)
            if name and not echoes(name, protagonist) and not echoes(protagonist, name):
                cast.append({"name": name, "role": usable_item(member.role, 12, 200)})
        # A plan that has left the premise must not steer the draft: the place, things and
        # beats it keeps are those that share a word with the premise (or with its people).
        premise = plan.request["premise"]
        idea_words = set(content_words(" ".join([
            premise["idea"], describe_character(premise["character"]),
            premise.get("theme") or ""])))
        setting = usable_item(answer.setting, 15, 300)
        if not set(content_words(setting)) & idea_words:
            setting = ""
        objects = [o for o in (usable_item(o, 8, 120) for o in answer.objects[:6])
                   if o and set(content_words(o)) & (idea_words | set(content_words(setting)))]
        anchors = idea_words | set(content_words(" ".join(
            [protagonist, setting, *(c["name"] for c in cast)])))
        conflict = usable_summary(answer.conflict, anchors, 400)
        bible = {"title": title, "setting": setting, "time": usable_item(answer.time, 8, 120),
                 "cast": cast, "objects": objects, "conflict": conflict}
        # A beat summary that is not a sentence about this story's world gives way to the beat's
        # own purpose said of the protagonist, and the opening to the premise itself.
        beats = []
        for i, beat in enumerate(plan.outline.beats):
            summary = usable_summary(answer.beats[i].summary, anchors)
            if i == 0 and not set(content_words(summary)) & idea_words:
                summary = as_sentence(premise["idea"])
            beats.append(replace(beat, summary=summary or purpose_summary(beat, protagonist)))
        return Outline(beats=draft_groups(beats), structure=plan.outline.structure,
                       genre=plan.outline.genre, bible=bible)

    # --- draft -----------------------------------------------------------------------------

    def _names(self, plan: StoryPlan) -> list[str]:
        cast = [str(member.get("name", "")) for member in plan.outline.bible.get("cast", [])]
        return [plan.character["name"], *(name for name in cast if name)]

    def _tokens_for(self, words: int) -> int:
        return max(64, int(words * TOKENS_PER_WORD) + 40)

    def _story_so_far(self, extra: str, max_tokens: int) -> str:
        """What the model is shown of the story written so far (with ``extra``, this beat's
        text when it is being continued): the whole while it fits the context, else its last
        paragraphs, cut at a paragraph or sentence start."""
        whole = "\n\n".join(part for part in [*self._written, extra] if part)
        room = self.config.context_tokens - max_tokens - PROMPT_MARGIN_TOKENS
        if estimate_tokens(whole) <= room:
            return whole
        budget = max(TAIL_WORDS, int(room / TOKENS_PER_WORD))
        kept: list[str] = []
        for paragraph in reversed(whole.split("\n\n")):
            if kept and count_words("\n\n".join([paragraph, *kept])) > budget:
                break
            kept.insert(0, paragraph)
        tail = "\n\n".join(kept)
        if count_words(tail) > budget:
            tail = " ".join(tail.split()[-budget:])
        return f"...{tail}"

    def _beat_messages(self, plan: StoryPlan, beat: Beat, words: int) -> list[dict[str, str]]:
        """A plain story request, the story so far as the model's own answer, then what happens
        next: the usual way to have a chat model continue a text rather than retell it."""
        scaffold = scaffold_values(plan.scaffold.to_dict(), plan.character)
        values = {**self._plan_values(plan), **scaffold, "summary": as_sentence(beat.summary),
                  "words": words}
        system = {"role": "system", "content": render("system_writer", scaffold)}
        story = render("story", values)
        if beat.index == 0 or not self._written:
            return [system, {"role": "user", "content": f"{story}\n\n"
                                                        f"{render('beat_first', values)}"}]
        last = beat.index == len(plan.outline.beats) - 1
        so_far = self._story_so_far("", self._tokens_for(words))
        return [system, {"role": "user", "content": story},
                {"role": "assistant", "content": so_far},
                {"role": "user", "content": render("beat_last" if last else "beat_next",
                                                   values)}]

    def draft_beat(self, plan: StoryPlan, beat: Beat) -> Iterator[str]:
        """Stream the beat, then hold it to its budget and our judge (see the module doc)."""
        words = max(30, beat.target_words + max(-beat.target_words // 2,
                                                min(self._carry, beat.target_words // 2)))
        shown, text = yield from self._best_draft(plan, beat, words)
        for _ in range(MAX_CONTINUATIONS):
            missing = words - count_words(text)
            if missing <= words * (1 - UNDER_BUDGET):
                break
            self._continuations += 1
            more = yield from self._stream(
                self._continue_messages(plan, beat, text, missing), stage="draft",
                max_tokens=self._tokens_for(missing), base=shown, lead=" ")
            shown = f"{shown} {more}"
            text = f"{text}\n\n{self._kept(plan, beat, more, also=[text])}".strip()
        if count_words(text) > words * OVER_BUDGET:
            self._cuts += 1
            text = cut_to_words(text, round(words * CUT_TO))
        text = self._judged(plan, text)
        if text != shown:
            yield BeatReset(text)
        self._written.append(text)
        self._carry = words - count_words(text)

    def _best_draft(self, plan: StoryPlan, beat: Beat,
                    words: int) -> Generator[str, None, tuple[str, str]]:
        """The beat's first draft, or the best of ``drafts_per_beat`` by the judge; returns
        ``(what the consumer was shown, the kept prose)``, the consumer holding the former."""
        messages = self._beat_messages(plan, beat, words)
        scaffold = {"pov": plan.scaffold.pov, "tense": plan.scaffold.tense}
        names = self._names(plan)
        anchors = set(content_words(" ".join([plan.request["premise"]["idea"],
                                              str(plan.character["name"])])))
        best: tuple[float, str, str] | None = None
        last = ""
        for attempt in range(self.config.drafts_per_beat):
            last = yield from self._stream(messages, stage="draft",
                                           max_tokens=self._tokens_for(words),
                                           base="")
            text = self._kept(plan, beat, last)
            if self.config.drafts_per_beat == 1:
                return last, text
            score = draft_score(text, scaffold, names, anchors, words)
            if best is None or score > best[0]:
                best = (score, last, text)
            if attempt + 1 < self.config.drafts_per_beat:
                yield BeatReset("")
        assert best is not None
        self._drafts_set_aside += self.config.drafts_per_beat - 1
        if best[1] != last:
            yield BeatReset(best[1])
        return best[1], best[2]

    def _kept(self, plan: StoryPlan, beat: Beat, answer: str,
              also: list[str] | None = None) -> str:
        """The prose of an answer: wrappers, talk about the writing, repeats and the premise or
        the beat's instructions pasted back removed."""
        text, meta = drop_meta(clean_prose(answer))
        sources = [plan.request["premise"]["idea"], beat.summary, beat.purpose]
        text, repeats = drop_repeats(text, [*self._written, *(also or [])], sources)
        self._meta_dropped += meta
        self._repeats_dropped += repeats
        return text

    def _continue_messages(self, plan: StoryPlan, beat: Beat, text: str,
                           missing: int) -> list[dict[str, str]]:
        scaffold = scaffold_values(plan.scaffold.to_dict(), plan.character)
        values = {**self._plan_values(plan), **scaffold, "summary": as_sentence(beat.summary),
                  "words": missing}
        so_far = self._story_so_far(text, self._tokens_for(missing))
        return [{"role": "system", "content": render("system_writer", scaffold)},
                {"role": "user", "content": render("story", values)},
                {"role": "assistant", "content": so_far},
                {"role": "user", "content": render("continue", values)}]

    def _plan_values(self, plan: StoryPlan) -> dict[str, Any]:
        bible = plan.outline.bible
        name = str(plan.character["name"])
        pronoun = subject_pronoun(str(plan.character.get("pronouns", "they/them")))
        voice = {"first": f"{name} telling it as \"I\"", "second": f"{name} as \"you\"",
                 }.get(plan.scaffold.pov, f"{name} as \"{pronoun}\"")
        # The plan's world as plain sentences: a list of labelled fields is answered in kind.
        world = []
        if bible.get("setting"):
            place = str(bible["setting"]).rstrip(".")
            when = str(bible.get("time") or "").rstrip(".")
            world.append(f"Place: {place}{f', {when}' if when else ''}.")
        cast = [f"{c['name']} ({c['role']})" if c.get("role") else c["name"]
                for c in bible.get("cast", [])]
        if cast:
            world.append(f"Other people: {'; '.join(cast)}.")
        if bible.get("objects"):
            world.append(f"Things that matter: {', '.join(bible['objects'])}.")
        if bible.get("conflict"):
            world.append(as_sentence(str(bible["conflict"])))
        values = self._premise_values(plan)
        return {**values, "voice": voice, "story_kind": str(values["genre"]).lower(),
                "title": bible.get("title") or plan.title,
                "world": "".join(f"{line} " for line in world)}

    # --- judge and repair ------------------------------------------------------------------

    def _judged(self, plan: StoryPlan, text: str) -> str:
        scaffold = {"pov": plan.scaffold.pov, "tense": plan.scaffold.tense}
        names = self._names(plan)
        findings = judge(text, scaffold, names)
        for kind, n in counts(findings).items():
            self._raw[kind] += n
        left = findings
        if findings:
            text = self._repair(plan, text, findings, names)
            left = judge(text, scaffold, names)
            if any(f.kind == "cliche" for f in left):
                text = fix_cliches(text)
            if any(f.kind in ("pov", "tense") for f in left):
                # What the model did not rewrite, and the linter names a fix for.
                text, fixed = fix_voice(text, plan.scaffold.pov, plan.scaffold.tense, names,
                                        str(plan.character.get("pronouns", "they/them")))
                self._voice_fixes += fixed
            left = judge(text, scaffold, names)
        for kind, n in counts(left).items():
            self._after[kind] += n
        return text

    def _repair(self, plan: StoryPlan, text: str, findings: list[Finding],
                names: list[str]) -> str:
        """One request rewriting only the flagged sentences; a rewrite is kept when it is
        better than the sentence it replaces."""
        groups = flagged_sentences(text, findings)[:MAX_REPAIR_SENTENCES]
        if not groups:
            return text
        scaffold = scaffold_values(plan.scaffold.to_dict(), plan.character)
        problems = "\n".join(
            f'{n}. "{span.text}" ({"; ".join(f.message for f in inside)})'
            for n, (span, inside) in enumerate(groups, 1))
        values = {**scaffold, "problems": problems, "count": len(groups),
                  "rules": f"{scaffold['pov_rule']} {scaffold['tense_rule']} No clichés."}
        messages = [{"role": "system", "content": template("system_editor").strip()},
                    {"role": "user", "content": render("repair", values)}]
        self._repair_requests += 1
        schema = repair_schema(len(groups)) if self.config.structured_output != "none" else None
        content = self._chat(messages, stage="repair", schema=schema,
                             max_tokens=60 + sum(self._tokens_for(count_words(span.text))
                                                 for span, _ in groups))
        try:
            rewritten = parse_json_answer(content).get("sentences", [])
        except (OutlineInvalid, AttributeError):
            return text
        if not isinstance(rewritten, list) or len(rewritten) != len(groups):
            return text
        scaffold_choice = {"pov": plan.scaffold.pov, "tense": plan.scaffold.tense}
        replacements = []
        for (span, inside), new in zip(groups, rewritten, strict=True):
            new = " ".join(str(new).split())
            if not _plausible_rewrite(new, span.text):
                continue
            if len(judge(new, scaffold_choice, names)) < len(inside):
                replacements.append((span.start, span.end, new))
        return replace_spans(text, replacements)

    # --- revise ----------------------------------------------------------------------------

    def revise(self, text: str, mode: str, instruction: str | None = None,
               plan: StoryPlan | None = None) -> WriterResult:
        """Revise ``text``: ``cliches`` (targeted repair), ``sharpen`` or ``instruction``.

        :raises WriterError: an unknown mode, or the provider refused.
        """
        if plan is None:
            raise WriterError("a model revision needs the story's plan", writer=self.name)
        if mode == "cliches":
            revised = self._revise_cliches(plan, text)
        elif mode in ("sharpen", "instruction"):
            revised = self._revise_passages(plan, text, mode, instruction or "")
        else:
            raise WriterError(f"unknown revision mode {mode!r}", writer=self.name)
        usage = self.usage
        return WriterResult(text=revised, writer=self.name, model=self.model,
                            tokens_in=usage.tokens_in, tokens_out=usage.tokens_out)

    def _revise_cliches(self, plan: StoryPlan, text: str) -> str:
        names = self._names(plan)
        scaffold = {"pov": plan.scaffold.pov, "tense": plan.scaffold.tense}
        paragraphs = text.split("\n\n")
        out = []
        for paragraph in paragraphs:
            findings = [f for f in judge(paragraph, scaffold, names) if f.kind == "cliche"]
            if findings:
                paragraph = self._repair(plan, paragraph, findings, names)
                paragraph = fix_cliches(paragraph)
            out.append(paragraph)
        return "\n\n".join(out)

    def _revise_passages(self, plan: StoryPlan, text: str, mode: str, instruction: str) -> str:
        scaffold = scaffold_values(plan.scaffold.to_dict(), plan.character)
        passages: list[list[str]] = [[]]
        for paragraph in text.split("\n\n"):
            if passages[-1] and count_words("\n\n".join(passages[-1])) > REVISE_PASSAGE_WORDS:
                passages.append([])
            passages[-1].append(paragraph)
        revised = []
        for passage in passages:
            body = "\n\n".join(passage)
            values = {**scaffold, "text": body, "instruction": instruction}
            messages = [{"role": "system", "content": template("system_editor").strip()},
                        {"role": "user", "content": render(f"revise_{mode}", values)}]
            answer = clean_prose(self._chat(messages, stage="revise",
                                            max_tokens=self._tokens_for(count_words(body)) * 2))
            # A model that answers with nothing usable keeps the passage as it was.
            revised.append(answer if count_words(answer) >= count_words(body) // 3 else body)
        return "\n\n".join(revised)
