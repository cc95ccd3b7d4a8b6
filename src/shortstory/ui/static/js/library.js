// The list of the caller's stories, one page at a time, with open and delete.
import { ApiError, get } from "./api.js";
import { $, banner, fill, formatDate, formatNumber, h } from "./dom.js";
import { confirmDelete } from "./story.js";

export const PAGE_SIZE = 10;
let cursors = [null]; // the cursor of each page seen; the last is the current page's

export async function loadStories(reset = true) {
  if (reset) cursors = [null];
  const cursor = cursors[cursors.length - 1];
  const query = `?limit=${PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
  const { data } = await get(`/stories${query}`);
  const rows = data.items.map((s) => h("tr", {},
    h("th", { scope: "row" }, h("a", { href: `#/stories/${s.id}` }, s.title || "Untitled story")),
    h("td", {}, s.status), h("td", { class: "optional-column" }, s.genre),
    h("td", {}, s.word_count === null ? "—" : `${formatNumber(s.word_count)} of ${formatNumber(s.target_words)}`),
    h("td", { class: "optional-column" }, formatDate(s.updated_at)),
    h("td", {}, h("button", { type: "button", class: "link-button", "aria-label": `Delete “${s.title || "Untitled story"}”`, onclick: async () => {
      try {
        if (await confirmDelete(s)) await loadStories(false);
      } catch (error) {
        banner(error instanceof ApiError ? error.describe() : "The service could not be reached.");
      }
    } }, "Delete"))));
  fill($("#stories-table tbody"), rows);
  $("#stories-empty").hidden = rows.length > 0 || cursors.length > 1;
  $("#page-first").disabled = cursors.length === 1;
  $("#page-next").disabled = !data.next_cursor;
  $("#page-next").dataset.cursor = data.next_cursor || "";
}

export function initLibrary() {
  $("#page-next").addEventListener("click", () => {
    cursors.push($("#page-next").dataset.cursor);
    loadStories(false).then(() => $("#stories-title").focus());
  });
  $("#page-first").addEventListener("click", () => loadStories(true).then(() => $("#stories-title").focus()));
}
