"""The one place that knows writers by name and builds them, from a
:class:`~shortstory.writers.providers.WriterSetup` (the settings make one; writers never read
the settings).

``procedural`` is always there; every provider in ``WRITERS`` is an
:class:`~shortstory.writers.openai_compatible.OpenAICompatibleWriter`. ``WRITER_CHAIN`` is the
order writers are tried in: a story that asks for one writer gets it first and the rest of the
chain as its fallbacks; a story is revised by the writer :meth:`WriterRegistry.reviser_for`
names. Nothing else in the service chooses a writer (others use the
:data:`~shortstory.writers.providers.PROCEDURAL` constant to name the built-in one).

Clients and guards (breaker, outbound budget) are built once per process, on first use (after
any fork); writers are built fresh for each story, since they count its tokens and carry its
judge's findings.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from shortstory.writers.providers import PROCEDURAL, ProviderConfig, WriterSetup
from shortstory.writers.resilience import GuardFactory, ProviderGuard

if TYPE_CHECKING:
    import openai

    from shortstory.pipeline.writer_protocol import Writer


class UnknownWriter(LookupError):
    """A writer name that is neither ``procedural`` nor a configured provider."""

    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(f"unknown writer {name!r}; choose one of: {', '.join(known)}")
        self.name = name
        self.known = known


class WriterRegistry:
    """Writers by name, their fallback order and their providers' health, for one process."""

    def __init__(self, setup: WriterSetup) -> None:
        self.providers: dict[str, ProviderConfig] = dict(setup.providers)
        self.chain = tuple(setup.chain) or (PROCEDURAL,)
        self._keys = dict(setup.keys)
        self._guards = GuardFactory(setup.policy, setup.redis_url)
        self._clients: dict[str, openai.OpenAI] = {}
        self._lock = threading.Lock()

    @property
    def default(self) -> str:
        """The writer a story gets when it names none: the head of the chain."""
        return self.chain[0]

    def names(self) -> list[str]:
        """Every writer a story may name: the chain's order first, then the other providers."""
        rest = [name for name in (PROCEDURAL, *self.providers) if name not in self.chain]
        return [*self.chain, *rest]

    def check(self, name: str) -> None:
        """:raises UnknownWriter: ``name`` is not a writer here."""
        if name != PROCEDURAL and name not in self.providers:
            raise UnknownWriter(name, self.names())

    def chain_for(self, name: str | None) -> list[str]:
        """The writers to try for a story asking for ``name`` (``None``: the default), in order."""
        if name is None:
            return list(self.chain)
        self.check(name)
        return [name, *(other for other in self.chain if other != name)]

    def build(self, name: str) -> Writer:
        """A fresh writer ``name``.

        :raises UnknownWriter: no such writer.
        """
        self.check(name)
        if name == PROCEDURAL:
            from shortstory.writers.procedural import ProceduralWriter

            return ProceduralWriter()
        from shortstory.writers.openai_compatible import OpenAICompatibleWriter

        config = self.providers[name]
        return OpenAICompatibleWriter(name, config, self._client(name), self.guard(name))

    def build_chain(self, name: str | None) -> list[Writer]:
        """Fresh writers for :meth:`chain_for` ``name``."""
        return [self.build(each) for each in self.chain_for(name)]

    def reviser_for(self, name: str | None, *, has_plan: bool) -> str:
        """The writer that revises a story writer ``name`` wrote.

        A model revises its own story from the story's plan; a story the procedural writer
        wrote, one without a plan, or one whose provider is no longer configured is revised by
        the procedural writer (its cliché and sharpening modes work on any text).
        """
        if name is not None and name in self.providers and has_plan:
            return name
        return PROCEDURAL

    def build_revisers(self, name: str | None, *, has_plan: bool) -> list[Writer]:
        """Fresh writers to revise a story writer ``name`` wrote, in the order to try them: the
        model and its fallbacks along the chain, or the procedural writer alone (which cannot
        be unreachable)."""
        reviser = self.reviser_for(name, has_plan=has_plan)
        if reviser == PROCEDURAL:
            return [self.build(PROCEDURAL)]
        return self.build_chain(reviser)

    def guard(self, name: str) -> ProviderGuard:
        """Provider ``name``'s guard (retries, breaker, outbound budget) in this process."""
        config = self.providers[name]
        return self._guards.guard(name, config.rpm, config.tpm)

    def _client(self, name: str) -> openai.OpenAI:
        with self._lock:
            client = self._clients.get(name)
            if client is None:
                import openai

                config = self.providers[name]
                # Our guard retries (honouring Retry-After, counted by the breaker): none here.
                client = openai.OpenAI(base_url=config.base_url,
                                       api_key=self._keys.get(name) or "not-needed",
                                       timeout=config.timeout_s, max_retries=0)
                self._clients[name] = client
            return client

    def describe(self) -> list[dict[str, Any]]:
        """Each writer's name, kind, model and place in the chain (never a key or a URL path)."""
        from shortstory.writers.procedural import ProceduralWriter

        described: list[dict[str, Any]] = []
        for name in self.names():
            entry: dict[str, Any] = {"name": name, "default": name == self.default,
                                     "in_chain": name in self.chain}
            if name == PROCEDURAL:
                entry.update(kind="procedural", model=ProceduralWriter.model, host=None)
            else:
                config = self.providers[name]
                entry.update(kind="openai-compatible", model=config.model,
                             host=urlsplit(config.base_url).hostname)
            described.append(entry)
        return described

    def health(self) -> dict[str, dict[str, Any]]:
        """Each provider's breaker state and outbound budget left, as every process sees them."""
        report: dict[str, dict[str, Any]] = {}
        for name in self.providers:
            guard = self.guard(name)
            report[name] = {"breaker": guard.state, "budget_left": guard.budget.remaining()}
        return report
