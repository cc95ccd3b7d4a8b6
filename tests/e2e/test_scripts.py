"""The page's own modules, run in Chromium: the stream parser, the draft assembly and the
offsets the API gives in code points (Python's) applied to JavaScript's UTF-16 strings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from browser_harness import PageWatch
from playwright.sync_api import Page

OpenPage = Callable[..., tuple[Page, PageWatch]]


def run_module(page: Page, module: str, body: str) -> Any:
    """``body`` (an expression using ``m``, the module) evaluated in the page."""
    return page.evaluate(f"import('/static/js/{module}').then((m) => {body})")


def test_a_rewrite_keeps_its_prefix_in_code_points_as_the_server_counts(
        open_page: OpenPage) -> None:
    page, _ = open_page()
    # Python: ("Ab😀cd"[:3] + "X") == "Ab😀X"; a UTF-16 slice would cut the emoji in half.
    text = run_module(page, "stream.js", """{
        const d = new m.Draft();
        d.chunk("Ab😀"); d.chunk("cd"); d.rewrite(3, "X");
        return d.text; }""")
    assert text == "Ab" + "\U0001F600" + "X"


def test_events_split_across_reads_are_parsed_once_and_whole(open_page: OpenPage) -> None:
    page, _ = open_page()
    parsed = run_module(page, "stream.js", r"""{
        const first = m.parseEvents(
            "retry: 1000\n\n: keep-alive\n\nid: 7\nevent: chunk\ndata: {\"te");
        const second = m.parseEvents(
            first.rest + "xt\": \"a\"}\n\nid: 8\nevent: done\ndata: {}\n\n");
        return [first.messages, second.messages, second.rest]; }""")
    first, second, rest = parsed
    assert first == [{"id": None, "event": "message", "data": "", "retry": 1000}]
    assert [(m["id"], m["event"], m["data"]) for m in second] == [
        ("7", "chunk", '{"text": "a"}'), ("8", "done", "{}")]
    assert rest == ""


def test_a_cliche_after_an_emoji_is_marked_on_its_own_words(open_page: OpenPage) -> None:
    page, _ = open_page()
    text = "\U0001F600 At the end of the day she left."
    # The analysis API's offsets count code points: the emoji is one.
    start = text.index("At")
    marked = run_module(page, "analysis.js", f"""{{
        const box = document.createElement("div");
        m.renderText(box, {text!r}, {{cliches: [{{start: {start}, end: {start + 21},
            phrase: "at the end of the day", suggestions: ["in the end"]}}], pov_tense: []}});
        const mark = box.querySelector("mark");
        return [mark.firstChild.textContent, box.textContent.startsWith({text[:12]!r})]; }}""")
    assert marked == ["At the end of the day", True]
