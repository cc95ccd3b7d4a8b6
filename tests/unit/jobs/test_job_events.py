"""A job's event log, the draft mirror that feeds it, and the SSE stream that replays it.

The client's rule is simple (append ``chunk`` texts; a ``rewrite`` keeps ``at`` characters and
appends its text), so every test checks the one property that matters: the text a client
assembles from the events equals the text the pipeline assembled.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from shortstory.config import load_settings
from shortstory.jobs.event_stream import FinishedJob, job_event_stream
from shortstory.jobs.events import DatabaseEventLog, Event
from shortstory.jobs.progress import DraftMirror, JobCancelled, JobProgress, JobTimedOut
from shortstory.pipeline.models import StoryRequest
from shortstory.pipeline.run import StageEvent
from shortstory.storage.jobs import JobRepository
from shortstory.storage.migrate import upgrade
from shortstory.storage.session import Database
from shortstory.storage.stories import StoryRepository
from shortstory.storage.users import UserRepository


def assemble(events: list[tuple[str, dict[str, Any]]], text: str = "") -> str:
    """What a client holds after ``events``."""
    for kind, data in events:
        if kind == "chunk":
            text += data["text"]
        elif kind == "rewrite":
            text = text[: data["at"]] + data["text"]
    return text


def pipeline_text(beats: dict[int, list[str]]) -> str:
    parts = ("".join(chunks).strip() for _, chunks in sorted(beats.items()))
    return "\n\n".join(part for part in parts if part)


def test_streamed_chunks_become_appends_and_the_text_is_the_pipelines() -> None:
    mirror = DraftMirror()
    events: list[tuple[str, dict[str, Any]]] = []
    for beat, chunk in [(0, "The ferry"), (0, " left late."), (1, " Rain came"), (1, " in.\n")]:
        mirror.add(beat, chunk)
        events += mirror.catch_up()
    assert [kind for kind, _ in events] == ["chunk"] * 4
    assert assemble(events) == "The ferry left late.\n\nRain came in."


def test_a_redrafted_beat_is_a_rewrite_from_where_it_differs() -> None:
    mirror = DraftMirror()
    events: list[tuple[str, dict[str, Any]]] = []
    mirror.add(0, "First beat.")
    mirror.add(1, "A draft that will go")
    events += mirror.catch_up()
    mirror.add(1, "A better draft.", reset=True)
    events += mirror.catch_up()
    assert events[-1] == ("rewrite", {"at": len("First beat.\n\nA "), "text": "better draft."})
    assert assemble(events) == "First beat.\n\nA better draft."


def test_finishing_on_the_stored_text_corrects_any_difference() -> None:
    mirror = DraftMirror()
    mirror.add(0, "Almost the text")
    events = mirror.catch_up()
    events += mirror.catch_up("Almost the stored text.")
    assert assemble(events) == "Almost the stored text."
    assert mirror.catch_up("Almost the stored text.") == []


def test_a_new_attempt_rewrites_from_the_start() -> None:
    earlier_attempt = "Text an attempt that died had streamed"
    mirror = DraftMirror(restart=True)
    mirror.add(0, "Fresh")
    events = mirror.catch_up()
    assert events == [("rewrite", {"at": 0, "text": "Fresh"})]
    assert assemble(events, earlier_attempt) == "Fresh"


class MemoryLog:
    name = "memory"

    def __init__(self) -> None:
        self.events: list[tuple[str, dict[str, Any]]] = []
        self.broken = False

    def append(self, job_id: str, events: Any) -> None:
        if self.broken:
            raise ConnectionError("log unreachable")
        self.events.extend(events)

    def read(self, job_id: str, after: str | None, wait_s: float = 0.0) -> list[Event]:
        start = int(after or 0)
        return [Event(str(n), kind, data)
                for n, (kind, data) in enumerate(self.events[start:], start + 1)]


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def chunk(beat: int, text: str, reset: bool = False) -> StageEvent:
    data: dict[str, Any] = {"beat": beat, **({"reset": True} if reset else {})}
    return StageEvent("chunk", "draft", text=text, progress=0.5, data=data)


def test_progress_batches_chunks_and_writes_stages_at_once() -> None:
    log, clock, advances = MemoryLog(), Clock(), []
    progress = JobProgress("j", log, lambda stage, share: advances.append(stage) or True,
                           every_s=0.25, clock=clock)
    progress(StageEvent("stage", "draft", progress=0.15))
    progress(chunk(0, "One"))          # the first text goes out at once
    progress(chunk(0, " two"))         # batched
    progress(chunk(0, " three"))
    assert assemble(log.events) == "One"
    clock.now = 0.3
    progress(chunk(0, " four."))       # the interval passed: everything pending is written
    assert assemble(log.events) == "One two three four."
    assert advances == ["draft", "draft", "draft"]
    progress.finish("done", {"version": 1}, text="One two three four.")
    assert log.events[-1] == ("done", {"version": 1})
    assert [kind for kind, _ in log.events].count("stage") == 1


def test_a_cancelled_row_stops_the_job_at_its_next_write() -> None:
    log, clock = MemoryLog(), Clock()
    running = [True]
    progress = JobProgress("j", log, lambda stage, share: running[0], clock=clock)
    progress(chunk(0, "Text"))
    running[0] = False
    clock.now = 1.0
    with pytest.raises(JobCancelled):
        progress(chunk(0, " more"))


def test_a_job_past_its_deadline_stops_at_its_next_write() -> None:
    log, clock = MemoryLog(), Clock()
    progress = JobProgress("j", log, lambda stage, share: True, deadline=10.0, clock=clock)
    progress(chunk(0, "Text"))
    clock.now = 9.9
    progress(StageEvent("stage", "analysis", progress=0.9))
    clock.now = 10.1
    with pytest.raises(JobTimedOut):
        progress(chunk(0, " more"))
    assert assemble(log.events) == "Text"


def test_events_the_log_refused_are_written_with_the_next_batch() -> None:
    log, clock = MemoryLog(), Clock()
    progress = JobProgress("j", log, lambda stage, share: True, clock=clock)
    log.broken = True
    progress(chunk(0, "Kept"))
    assert log.events == []
    log.broken = False
    clock.now = 1.0
    progress(chunk(0, " safe."))
    assert assemble(log.events) == "Kept safe."


# --- the database log -----------------------------------------------------------------------


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    url = f"sqlite:///{tmp_path / 'events.sqlite3'}"
    upgrade(url)
    db = Database.from_settings(load_settings({"environment": "test", "database_url": url}))
    yield db
    db.engine.dispose()


def make_job(database: Database) -> str:
    request = StoryRequest.model_validate({
        "premise": {"idea": "A ferry at night.", "character": {"name": "Ines"}},
        "genre": "literary"})
    with database.session_scope() as session:
        user, _ = UserRepository(session).create_user_with_key("ann")
        story = StoryRepository(session).create(user.id, request)
        return JobRepository(session).create(user.id, story.id, "generate").id


def test_database_log_replays_after_an_id_and_waits_for_new_events(database: Database) -> None:
    job_id = make_job(database)
    log = DatabaseEventLog(database.session_scope, poll_s=0.01)
    log.append(job_id, [("stage", {"stage": "draft"}), ("chunk", {"text": "A"})])
    log.append(job_id, [("chunk", {"text": "B"})])
    everything = log.read(job_id, None)
    assert [(e.id, e.kind) for e in everything] == [("1", "stage"), ("2", "chunk"), ("3", "chunk")]
    assert [e.data for e in log.read(job_id, "2")] == [{"text": "B"}]
    assert log.read(job_id, "3", wait_s=0.05) == []
    assert [e.id for e in log.read(job_id, "not-an-id")] == ["1", "2", "3"]


# --- the SSE stream -------------------------------------------------------------------------


def parse_sse(text: str) -> list[dict[str, Any]]:
    messages = []
    for block in text.split("\n\n"):
        fields: dict[str, Any] = {}
        for line in block.splitlines():
            name, _, value = line.partition(": ")
            fields[name] = value
        if "event" in fields:
            messages.append({"id": fields.get("id"), "event": fields["event"],
                             "data": json.loads(fields["data"])})
    return messages


def test_the_stream_replays_after_last_event_id_and_ends_at_the_last_event() -> None:
    log = MemoryLog()
    log.events = [("stage", {"stage": "draft"}), ("chunk", {"text": "Hello"}),
                  ("chunk", {"text": " world."}), ("done", {"version": 1}),
                  ("chunk", {"text": "x"})]
    text = "".join(job_event_stream(log, "j", "2", lambda: None))
    assert text.startswith("retry: ")
    assert [(m["id"], m["event"]) for m in parse_sse(text)] == [("3", "chunk"), ("4", "done")]


def test_a_quiet_stream_sends_heartbeats_and_ends_after_its_time() -> None:
    log, clock = MemoryLog(), Clock()

    class Waiting(MemoryLog):
        def read(self, job_id: str, after: str | None, wait_s: float = 0.0) -> list[Event]:
            clock.now += max(wait_s, 0.5)
            return []

    stream = job_event_stream(Waiting(), "j", None, lambda: None, max_s=40, heartbeat_s=15,
                              clock=clock)
    text = "".join(stream)
    assert text.count(": keep-alive") == 2 and clock.now >= 40
    assert log.events == []


def test_a_stopping_process_ends_the_stream_with_a_last_retry_hint() -> None:
    log, clock = MemoryLog(), Clock()
    stopping = {"now": False}

    class Waiting(MemoryLog):
        def read(self, job_id: str, after: str | None, wait_s: float = 0.0) -> list[Event]:
            clock.now += max(wait_s, 0.5)
            stopping["now"] = clock.now >= 3  # SIGTERM arrives three seconds in
            return []

    stream = job_event_stream(Waiting(), "j", None, lambda: None, max_s=55, heartbeat_s=15,
                              clock=clock, stopping=lambda: stopping["now"])
    text = "".join(stream)
    assert text.endswith("retry: 1000\n\n") and text.count("retry:") == 2
    assert clock.now < 5, "the stream ended within a second of the stop, not at its 55 s"
    assert log.events == []


def test_a_finished_job_without_its_last_event_ends_with_the_rows_outcome() -> None:
    log = MemoryLog()
    log.events = [("chunk", {"text": "Half a dr"})]
    ended = FinishedJob("succeeded", version=1, text="The whole story.")
    messages = parse_sse("".join(job_event_stream(log, "j", None, lambda: ended)))
    assert [m["event"] for m in messages] == ["chunk", "rewrite", "done"]
    events = [(m["event"], m["data"]) for m in messages]
    assert assemble(events) == "The whole story."
