"""The writer's journey in a real browser: premise, watch, cancel, resume, edit, conflict, revise,
diff, rate, list, delete — each step through the page alone, checked against the API."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

from browser_harness import PageWatch, Service, make_story, story_text
from playwright.sync_api import Page, expect

OpenPage = Callable[..., tuple[Page, PageWatch]]
WATCH_TIMEOUT_MS = 180_000


def from_template(page: Page, *, words: str = "1000", writer: str = "") -> None:
    page.select_option("#template", "lamp-lit-by-another")
    page.click("#use-template")
    page.fill("#target_words", words)
    page.select_option("#writer", writer)


def job_and_story(page: Page) -> tuple[str, str]:
    match = re.search(r"#/jobs/([0-9a-f-]+)\?story=([0-9a-f-]+)", page.url)
    assert match, page.url
    return match.group(1), match.group(2)


def wait_for_draft(page: Page, characters: int) -> None:
    """Until the streamed draft holds ``characters`` (polled: the CSP forbids string predicates)."""
    draft = page.locator("#watch-draft")
    deadline = time.monotonic() + WATCH_TIMEOUT_MS / 1000
    while len(draft.text_content() or "") < characters:
        assert time.monotonic() < deadline, "the draft did not stream"
        time.sleep(0.05)


def test_a_bad_field_is_shown_beside_that_field(open_page: OpenPage, service: Service,
                                                artifacts: Path) -> None:
    page, watch = open_page()
    watch.allow(422)
    before = len(service.api("GET", "/stories?limit=100").json()["items"])
    from_template(page, words="50")
    page.select_option("#genre", "")
    page.click("#generate")
    target_error = page.locator('.field[data-field="target_words"] .error')
    expect(target_error).to_contain_text("greater than or equal to 100")
    expect(page.locator('.field[data-field="genre"] .error')).to_be_visible()
    expect(page.locator("#target_words")).to_have_attribute("aria-invalid", "true")
    described = page.get_attribute("#target_words", "aria-describedby") or ""
    assert "target_words-error" in described.split()
    expect(page.locator("#form-errors")).to_be_focused()
    expect(page.locator("#form-errors li")).to_have_count(2)
    page.screenshot(path=artifacts / "write-errors-desktop-light.png", full_page=True)
    assert len(service.api("GET", "/stories?limit=100").json()["items"]) == before
    # Corrected, the errors go and the story starts.
    page.fill("#target_words", "300")
    page.select_option("#genre", "mystery")
    page.click("#generate")
    page.wait_for_url(re.compile(r"#/jobs/"))
    expect(page.locator("#watch-stage")).to_have_text("done", timeout=WATCH_TIMEOUT_MS)


def test_premise_flags_come_with_suggestions_before_generating(open_page: OpenPage) -> None:
    page, _ = open_page()
    page.fill("#idea", "The chosen one wakes up and it was all a dream.")
    page.fill("#name", "Ada")
    page.click("#check-premise")
    flags = page.locator("#flags-body li")
    expect(flags.first).to_be_visible()
    assert flags.count() >= 2
    expect(page.locator("#flags-body")).to_contain_text("chosen one")
    assert page.url.endswith("/") or "#/write" in page.url, "nothing was generated"


def test_a_1000_word_story_is_watched_until_done(open_page: OpenPage, service: Service) -> None:
    page, _ = open_page()
    from_template(page, words="1000", writer="slow")
    page.click("#generate")
    page.wait_for_url(re.compile(r"#/jobs/"))
    job_id, story_id = job_and_story(page)
    stages: set[str] = set()
    lengths: set[int] = set()
    progress: list[int] = []
    deadline = time.monotonic() + WATCH_TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        stage = page.locator("#watch-stage").text_content() or ""
        stages.add(stage)
        lengths.add(len(page.locator("#watch-draft").text_content() or ""))
        progress.append(int(page.locator("#watch-progress").get_attribute("value") or 0))
        if stage in ("done", "failed", "cancelled"):
            break
        time.sleep(0.1)
    assert stage == "done", (stage, page.locator("#watch-result").text_content())
    assert "drafting" in stages, stages
    assert len(lengths - {0}) >= 3, "the draft appeared as it streamed"
    assert progress[-1] == 100 and progress == sorted(progress)
    expect(page.locator("#watch-open")).to_be_focused()
    stored = service.api("GET", f"/stories/{story_id}").json()
    assert page.locator("#watch-draft").text_content() == stored["text"]
    assert 900 <= stored["word_count"] <= 1100, stored["word_count"]
    assert service.api("GET", f"/jobs/{job_id}").json()["status"] == "succeeded"
    page.click("#watch-open")
    expect(page.locator("#story-title")).to_have_text(stored["title"])
    expect(page.locator("#analysis-body .score")).to_be_visible()
    expect(page.locator("#story-meta")).to_contain_text("fault-llm-1")
    expect(page.locator("#story-meta")).to_contain_text("Tokens")


def test_a_story_is_cancelled_while_it_is_written(open_page: OpenPage, service: Service) -> None:
    page, _ = open_page()
    from_template(page, words="3000", writer="slow")
    page.click("#generate")
    page.wait_for_url(re.compile(r"#/jobs/"))
    job_id, story_id = job_and_story(page)
    wait_for_draft(page, 100)
    page.click("#cancel-job")
    expect(page.locator("#watch-stage")).to_have_text("cancelled", timeout=30_000)
    expect(page.locator("#watch-result")).to_contain_text("Nothing was saved")
    expect(page.locator("#cancel-job")).to_be_hidden()
    assert service.api("GET", f"/jobs/{job_id}").json()["status"] == "cancelled"
    story = service.api("GET", f"/stories/{story_id}").json()
    assert story["status"] == "cancelled" and story["version"] is None


def test_a_dropped_connection_resumes_without_losing_or_doubling_text(
        open_page: OpenPage, service: Service) -> None:
    page, watch = open_page()
    # Chromium reports the stream the proxy cuts as a failed load; that is the point here.
    watch.allow_text(r"net::ERR_")
    from_template(page, words="1000", writer="slow")
    page.click("#generate")
    page.wait_for_url(re.compile(r"#/jobs/"))
    _, story_id = job_and_story(page)
    wait_for_draft(page, 300)
    assert service.proxy.cut() >= 1, "the page's stream went through the proxy"
    expect(page.locator("#watch-connection")).to_contain_text("Reconnected", timeout=30_000)
    expect(page.locator("#watch-stage")).to_have_text("done", timeout=WATCH_TIMEOUT_MS)
    stored = service.api("GET", f"/stories/{story_id}").json()
    assert page.locator("#watch-draft").text_content() == stored["text"]


def test_edit_conflict_revision_diff_and_rating(open_page: OpenPage, service: Service,
                                                artifacts: Path) -> None:
    story = make_story(service)
    page, _ = open_page(f"#/stories/{story['id']}")
    expect(page.locator("#story-title")).to_have_text(story["title"])

    # An edit is saved as version 2.
    page.click("[data-panel=edit]")
    planted = "She was really very tired and just sat down. " + story["text"]
    page.fill("#edit-text", planted)
    page.click("#edit-form button[type=submit]")
    expect(page.locator("#story-meta")).to_contain_text("Version2")
    expect(page.locator("#story-text")).to_contain_text("really very tired")

    # A second tab opens the editor on version 2; the first saves version 3 meanwhile.
    other, other_watch = open_page(f"#/stories/{story['id']}", context=page.context)
    other_watch.allow(412)
    other.click("[data-panel=edit]")
    other.fill("#edit-text", planted + "\n\nThe other tab's ending.")
    page.click("[data-panel=edit]")
    page.fill("#edit-text", planted + "\n\nThe first tab's ending.")
    page.click("#edit-form button[type=submit]")
    expect(page.locator("#story-meta")).to_contain_text("Version3")
    other.click("#edit-form button[type=submit]")
    conflict = other.locator("#edit-conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("changed elsewhere")
    expect(conflict).to_be_focused()
    other.screenshot(path=artifacts / "edit-conflict-desktop-light.png")
    expect(other.locator("#edit-text")).to_have_value(re.compile("The other tab's ending"))
    other.click("#edit-reload")
    expect(other.locator("#edit-text")).to_have_value(re.compile("The first tab's ending"))
    assert service.api("GET", f"/stories/{story['id']}").json()["version"] == 3

    # A revision (sharpen) is watched and becomes version 4.
    page.click("[data-panel=revise]")
    page.select_option("#revise-mode", "sharpen")
    page.click("#revise-form button[type=submit]")
    page.wait_for_url(re.compile(r"#/jobs/.*kind=revise"))
    expect(page.locator("#watch-stage")).to_have_text("done", timeout=WATCH_TIMEOUT_MS)
    page.click("#watch-open")
    expect(page.locator("#story-meta")).to_contain_text("Version4")
    expect(page.locator("#story-text")).not_to_contain_text("really very")

    # The word diff of versions 3 and 4 shows what the revision took out.
    page.click("[data-panel=versions]")
    expect(page.locator("#versions-table tbody tr")).to_have_count(4)
    page.click("#versions-table button[data-version='1']")
    expect(page.locator("#diff-result h3")).to_be_focused()
    expect(page.locator("#diff-result .version-text")).to_have_text(story["text"])
    page.select_option("#diff-from", "3")
    page.select_option("#diff-to", "4")
    page.click("#diff-form button[type=submit]")
    expect(page.locator("#diff-summary")).to_contain_text("Version 3 to 4")
    deleted = " ".join(page.locator("#diff-result del").all_text_contents())
    assert "just" in deleted.split(), deleted
    page.locator("#diff-result").screenshot(path=artifacts / "diff-desktop-light.png")

    # A rating with approval and a comment.
    page.click("[data-panel=feedback]")
    page.check("#feedback-form input[name=rating][value='4']")
    page.check("#feedback-approved")
    page.fill("#feedback-comment", "The lamp scene works.")
    page.click("#feedback-form button[type=submit]")
    expect(page.locator("#feedback-result")).to_contain_text("4 of 5, approved, for version 4")
    summary = service.api("GET", "/feedback/summary").json()
    assert summary["total"] >= 1


FORMATS = ("md", "txt", "html", "pdf", "docx", "epub")
MAGIC = {"pdf": b"%PDF", "docx": b"PK", "epub": b"PK"}


def test_every_format_downloads(open_page: OpenPage, service: Service) -> None:
    story = make_story(service)
    page, _ = open_page(f"#/stories/{story['id']}")
    page.click("[data-panel=downloads]")
    first_words = story["text"].split()[:3]
    for fmt in FORMATS:
        with page.expect_download() as info:
            page.click(f"#downloads a[data-format={fmt}]")
        download = info.value
        assert download.suggested_filename.endswith(f".{fmt}"), download.suggested_filename
        data = Path(download.path()).read_bytes()
        assert data.startswith(MAGIC.get(fmt, b"")), fmt
        if fmt in ("md", "txt", "html"):
            assert " ".join(first_words) in data.decode("utf-8"), fmt
    expect(page.locator("#download-result")).to_contain_text("Downloaded")


def test_the_list_pages_and_a_story_is_deleted_after_confirmation(
        open_page: OpenPage, service: Service) -> None:
    for seed in range(12):
        make_story(service, target_words=100, seed=seed)
    page, _ = open_page("#/stories")
    rows = page.locator("#stories-table tbody tr")
    expect(rows).to_have_count(10)
    expect(page.locator("#page-first")).to_be_disabled()
    page.click("#page-next")
    expect(page.locator("#page-first")).to_be_enabled()
    assert rows.count() >= 2
    page.click("#page-first")
    expect(rows).to_have_count(10)
    victim = rows.first.locator("th a")
    title = victim.text_content()
    story_id = (victim.get_attribute("href") or "").rsplit("/", 1)[1]

    # Asked first: keeping it changes nothing.
    rows.first.locator("button").click()
    dialog = page.locator("#confirm-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(title or "")
    page.click("#confirm-dialog button[value=cancel]")
    expect(dialog).to_be_hidden()
    assert service.api("GET", f"/stories/{story_id}").status_code == 200

    rows.first.locator("button").click()
    page.click("#confirm-delete")
    expect(page.locator(f'#stories-table a[href="#/stories/{story_id}"]')).to_have_count(0)
    assert service.api("GET", f"/stories/{story_id}").status_code == 404


def test_the_key_is_asked_once_per_tab_and_kept_in_session_storage_only(
        open_page: OpenPage, service: Service) -> None:
    page, watch = open_page()
    watch.allow(401)  # the wrong key below
    expect(page.locator("#who")).to_contain_text("Signed in as")
    assert page.evaluate("sessionStorage.getItem('shortstory.apiKey')") == service.key
    assert page.evaluate("document.cookie") == ""
    assert service.key not in page.url
    assert page.context.cookies() == []
    page.reload()
    page.wait_for_selector("html[data-ready=true]")
    expect(page.locator("#key-dialog")).not_to_be_visible()
    page.click("#forget-key")
    page.wait_for_selector("#key-dialog[open]")
    page.fill("#key-input", "not-a-key")
    page.press("#key-input", "Enter")
    expect(page.locator("#key-error")).to_contain_text("not accepted")
    page.fill("#key-input", service.key)
    page.press("#key-input", "Enter")
    page.wait_for_selector("html[data-ready=true]")
    expect(page.locator("#who")).to_contain_text("Signed in as")


def test_a_story_opened_while_it_is_written_shows_itself_when_done(
        open_page: OpenPage, service: Service) -> None:
    templates = service.api("GET", "/templates").json()["items"]
    created = service.api("POST", "/stories", json={**templates[0]["request"],
                                                    "target_words": 300, "writer": "slow"})
    assert created.status_code == 202, created.text
    story_id = created.json()["story"]["id"]
    page, _ = open_page(f"#/stories/{story_id}")
    expect(page.locator("#analysis-body")).to_contain_text("this page shows the story when")
    expect(page.locator("#analysis-body .score")).to_be_visible(timeout=WATCH_TIMEOUT_MS)
    stored = service.api("GET", f"/stories/{story_id}").json()
    assert stored["status"] == "succeeded"
    assert story_text(page) == stored["text"]
