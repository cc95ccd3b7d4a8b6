"""Requests to one OpenAI-compatible provider, through the official ``openai`` SDK, and the
tokens they spent.

Every request goes through the provider's :class:`~shortstory.writers.resilience.ProviderGuard`
(retries, breaker, outbound budget). :meth:`ModelCalls.stream` yields an answer's text as it
arrives; a stream that breaks after sending text is retried from a
:class:`~shortstory.pipeline.writer_protocol.BeatReset`, so nothing doubles. Token counts come
from the provider's ``usage``; an answer that carries none is counted with
:func:`~shortstory.writers.token_estimate.estimate_tokens` and the stage is marked estimated.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import Any

import openai

from shortstory.pipeline.writer_protocol import BeatReset, TokenUsage
from shortstory.writers import writer_metrics
from shortstory.writers.providers import ProviderConfig
from shortstory.writers.resilience import ProviderGuard, StreamBroken
from shortstory.writers.token_estimate import estimate_tokens

Messages = list[dict[str, str]]


class ModelCalls:
    """Guarded chat requests, streamed or not, to one provider, counted per stage.

    ``seed`` (the story's) makes the ``seed`` each request sends, when the provider takes one.
    """

    def __init__(self, name: str, config: ProviderConfig, client: openai.OpenAI,
                 guard: ProviderGuard) -> None:
        self.name = name
        self.config = config
        self.seed = 0
        self._client = client
        self._guard = guard
        self._stages: dict[str, TokenUsage] = {}
        self._estimated_stages: set[str] = set()
        self._requests = 0
        self._tokens = {direction: writer_metrics.TOKENS.labels(name, direction)
                        for direction in ("in", "out")}

    @property
    def usage(self) -> TokenUsage:
        """Tokens spent so far, all stages."""
        total = TokenUsage()
        for spent in self._stages.values():
            total = total + spent
        return total

    def accounts(self) -> dict[str, Any]:
        """Tokens per stage, whether any were estimated, and the cost of them all."""
        usage = self.usage
        return {
            "usage": {stage: {"tokens_in": u.tokens_in, "tokens_out": u.tokens_out}
                      for stage, u in self._stages.items()},
            "usage_counted": "estimate" if self._estimated_stages else "provider",
            "cost_usd": round(self.config.cost_usd(usage.tokens_in, usage.tokens_out), 6),
        }

    def chat(self, messages: Messages, *, stage: str, max_tokens: int,
             schema: dict[str, Any] | None = None) -> str:
        """One guarded, non-streamed request; the answer's text (JSON following ``schema``
        where the provider takes one)."""
        kwargs: dict[str, Any] = {"model": self.config.model, "messages": messages,
                                  **self._sampling(max_tokens)}
        if schema is not None:
            kwargs["response_format"] = self._response_format(schema)
        tokens = self._budget_tokens(messages, kwargs["max_tokens"])
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
            self._record(stage, _request_tokens(messages, 0), estimate_tokens(content),
                         estimated=True)
        return content

    def stream(self, messages: Messages, *, stage: str, max_tokens: int,
               base: str, lead: str = "") -> Generator[str, None, str]:
        """Stream one guarded request, yielding its chunks; returns the answer's text.

        ``base`` is what the consumer holds of the beat before this request: a stream that
        breaks after sending text is retried from a ``BeatReset(base)``, so nothing doubles.
        ``lead`` goes before the first chunk (and is not part of the returned text).
        """
        kwargs: dict[str, Any] = {
            "model": self.config.model, "messages": messages, "stream": True,
            "stream_options": {"include_usage": True}, **self._sampling(max_tokens),
        }
        tokens = self._budget_tokens(messages, kwargs["max_tokens"])
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
            self._record(stage, _request_tokens(messages, 0), estimate_tokens(text),
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

    def _budget_tokens(self, messages: Messages, max_tokens: int) -> int:
        """What a request may cost the outbound budget; 0 when the budget counts no tokens
        (no ``tpm``): estimating a prompt of a whole story so far is then time for nothing."""
        return _request_tokens(messages, max_tokens) if self._guard.budget.counts_tokens else 0

    def _sampling(self, max_tokens: int) -> dict[str, Any]:
        options: dict[str, Any] = {"temperature": self.config.temperature,
                                   "max_tokens": min(max_tokens, self.config.max_tokens)}
        if self.config.frequency_penalty:
            options["frequency_penalty"] = self.config.frequency_penalty
        if self.config.send_seed:
            self._requests += 1
            options["seed"] = (self.seed * 1009 + self._requests) % 2**31
        return options

    def _response_format(self, schema: dict[str, Any]) -> dict[str, Any]:
        mode = self.config.structured_output
        if mode == "json_object":  # llama.cpp's server: a schema beside the type
            return {"type": "json_object", "schema": schema}
        if mode == "json_schema":
            return {"type": "json_schema",
                    "json_schema": {"name": "answer", "schema": schema, "strict": False}}
        return {"type": "json_object"}

    def _record(self, stage: str, prompt: int, completion: int, *, estimated: bool) -> None:
        self._stages[stage] = self._stages.get(stage, TokenUsage()) + TokenUsage(prompt, completion)
        if estimated:
            self._estimated_stages.add(stage)
        self._tokens["in"].inc(prompt)
        self._tokens["out"].inc(completion)


def _request_tokens(messages: Messages, max_tokens: int) -> int:
    """What a request may cost the outbound budget: its messages and its answer's limit."""
    return sum(estimate_tokens(m["content"]) + 4 for m in messages) + max_tokens
