"""The writer for every OpenAI-compatible provider, through the official ``openai`` SDK.

One code path for OpenAI, the OpenAI-compatible endpoints of Gemini and Anthropic, Groq,
Together, OpenRouter, vLLM, llama.cpp's server, Ollama and LM Studio: only ``base_url``, model,
key and a few numbers differ (:class:`~shortstory.writers.providers.ProviderConfig`).

- **outline**: the model fills in what happens in each of *our* beats (their functions and word
  budgets are the structure's), planning from the premise's own place, people, objects and
  conflict (:mod:`.model_outline`).
- **draft**: beat by beat, streamed; each beat's prompt carries the scaffold, the outline, the
  story so far and its word budget (:mod:`.prompts.messages`). Each beat then passes our judge:
  the length contract, then POV/tense slips and clichés repaired (:mod:`.beat_review`).
- **revise**: ``cliches`` (targeted repair), ``sharpen`` and ``instruction``, passage by passage.

Requests, their retries, breaker and outbound budget, and their tokens are
:mod:`.model_calls`'s.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import Any

import openai

from shortstory.analysis.words import count_words
from shortstory.pipeline.plan import Beat, Outline, StoryPlan
from shortstory.pipeline.writer_protocol import BeatReset, TokenUsage, WriterError, WriterResult
from shortstory.writers.beat_review import BeatReview
from shortstory.writers.judge import clean_prose, draft_score
from shortstory.writers.model_calls import ModelCalls
from shortstory.writers.model_outline import ask_outline, outline_from_answer
from shortstory.writers.prompts import PROMPT_VERSION
from shortstory.writers.prompts.messages import (
    beat_messages,
    character_names,
    revise_messages,
    tokens_for,
)
from shortstory.writers.prose_reading import content_words, word_count
from shortstory.writers.providers import ProviderConfig
from shortstory.writers.resilience import ProviderGuard

REVISE_PASSAGE_WORDS = 450


class OpenAICompatibleWriter:
    """Writes through one OpenAI-compatible provider. One instance per story or revision."""

    def __init__(self, name: str, config: ProviderConfig, client: openai.OpenAI,
                 guard: ProviderGuard) -> None:
        self.name = name
        self.model = config.model
        self.config = config
        self._calls = ModelCalls(name, config, client, guard)
        self._review = BeatReview(self._calls)
        self._carry = 0

    @property
    def usage(self) -> TokenUsage:
        """Tokens spent so far by this instance, all stages."""
        return self._calls.usage

    def provenance(self) -> dict[str, Any]:
        """Prompt version, tokens and cost per stage, what the judge found and what remained."""
        return {"prompt_version": PROMPT_VERSION, **self._calls.accounts(),
                "judge": self._review.record()}

    def outline(self, plan: StoryPlan) -> Outline:
        """The structure's beats with what happens in each, planned by the model.

        :raises WriterError: the answer was unusable twice (the problem quoted).
        """
        self._calls.seed = plan.seed
        return outline_from_answer(plan, ask_outline(self._calls, plan))

    def draft_beat(self, plan: StoryPlan, beat: Beat) -> Iterator[str]:
        """Stream the beat, then hold it to its budget and our judge (see the module doc)."""
        # What earlier beats missed of their budgets is made up here, up to half this one's.
        words = max(30, beat.target_words + max(-beat.target_words // 2,
                                                min(self._carry, beat.target_words // 2)))
        shown, text = yield from self._best_draft(plan, beat, words)
        shown, text = yield from self._review.held_to_length(plan, beat, words, shown, text)
        text = self._review.judged(plan, text)
        if text != shown:
            yield BeatReset(text)
        self._review.keep(text)
        self._carry = words - word_count(text)

    def _best_draft(self, plan: StoryPlan, beat: Beat,
                    words: int) -> Generator[str, None, tuple[str, str]]:
        """The beat's first draft, or the best of ``drafts_per_beat`` by the judge; returns
        ``(what the consumer was shown, the kept prose)``, the consumer holding the former."""
        messages = beat_messages(plan, beat, words, self._review.story,
                                 self.config.context_tokens)
        if self.config.drafts_per_beat == 1:
            last = yield from self._calls.stream(messages, stage="draft",
                                                 max_tokens=tokens_for(words), base="")
            return last, self._review.kept(plan, beat, last)
        scaffold = {"pov": plan.scaffold.pov, "tense": plan.scaffold.tense}
        names = character_names(plan)
        anchors = set(content_words(" ".join([plan.story_request.premise.idea,
                                              plan.character.name])))
        best: tuple[float, str, str] | None = None
        last = ""
        for attempt in range(self.config.drafts_per_beat):
            last = yield from self._calls.stream(messages, stage="draft",
                                                 max_tokens=tokens_for(words), base="")
            text = self._review.kept(plan, beat, last)
            score = draft_score(text, scaffold, names, anchors, words)
            if best is None or score > best[0]:
                best = (score, last, text)
            if attempt + 1 < self.config.drafts_per_beat:
                yield BeatReset("")
        assert best is not None
        self._review.drafts_set_aside += self.config.drafts_per_beat - 1
        if best[1] != last:
            yield BeatReset(best[1])
        return best[1], best[2]

    def revise(self, text: str, mode: str, instruction: str | None = None,
               plan: StoryPlan | None = None) -> WriterResult:
        """Revise ``text``: ``cliches`` (targeted repair), ``sharpen`` or ``instruction``.

        :raises WriterError: an unknown mode, or the provider refused.
        """
        if plan is None:
            raise WriterError("a model revision needs the story's plan", writer=self.name)
        if mode == "cliches":
            revised = self._review.without_cliches(plan, text)
        elif mode in ("sharpen", "instruction"):
            revised = self._revise_passages(plan, text, mode, instruction or "")
        else:
            raise WriterError(f"unknown revision mode {mode!r}", writer=self.name)
        usage = self.usage
        return WriterResult(text=revised, writer=self.name, model=self.model,
                            tokens_in=usage.tokens_in, tokens_out=usage.tokens_out)

    def _revise_passages(self, plan: StoryPlan, text: str, mode: str, instruction: str) -> str:
        passages: list[list[str]] = [[]]
        for paragraph in text.split("\n\n"):
            if passages[-1] and count_words("\n\n".join(passages[-1])) > REVISE_PASSAGE_WORDS:
                passages.append([])
            passages[-1].append(paragraph)
        revised = []
        for passage in passages:
            body = "\n\n".join(passage)
            answer = clean_prose(self._calls.chat(revise_messages(plan, mode, body, instruction),
                                                  stage="revise",
                                                  max_tokens=tokens_for(count_words(body)) * 2))
            # A model that answers with nothing usable keeps the passage as it was.
            revised.append(answer if count_words(answer) >= count_words(body) // 3 else body)
        return "\n\n".join(revised)
