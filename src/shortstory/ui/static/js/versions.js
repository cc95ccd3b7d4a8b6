// The version history and a word diff of any two versions, side by side.
import { get } from "./api.js";
import { $, announce, fill, formatDate, formatNumber, h, toUnits } from "./dom.js";

const SOURCES = { draft: "the writer", revision: "a revision", edit: "an edit" };

export async function loadVersions(storyId, current) {
  const { data } = await get(`/stories/${storyId}/versions`);
  const rows = data.items.map((v) => h("tr", {},
    h("th", { scope: "row" }, h("button", { type: "button", class: "link-button", "data-version": v.number,
      onclick: () => showVersion(storyId, v.number).catch(() => announce("The version could not be loaded.")) },
    `${v.number}${v.number === current ? " (current)" : ""}`, h("span", { class: "visually-hidden" }, ": read it"))),
    h("td", {}, SOURCES[v.source] || v.source), h("td", {}, formatNumber(v.word_count)),
    h("td", {}, v.writer ? `${v.writer}${v.model ? ` (${v.model})` : ""}` : "—"),
    h("td", {}, v.note || ""), h("td", {}, formatDate(v.created_at))));
  fill($("#versions-table tbody"), rows);
  const options = () => data.items.map((v) => h("option", { value: v.number }, `Version ${v.number}`));
  fill($("#diff-from"), options());
  fill($("#diff-to"), options());
  const numbers = data.items.map((v) => v.number);
  $("#diff-to").value = String(numbers[numbers.length - 1]);
  $("#diff-from").value = String(numbers[Math.max(0, numbers.length - 2)]);
}

/** One version's text, in the panel's result area. */
async function showVersion(storyId, number) {
  const { data } = await get(`/stories/${storyId}/versions/${number}`);
  const heading = h("h3", { tabindex: "-1" }, `Version ${number}${data.title ? `: ${data.title}` : ""}`);
  fill($("#diff-result"), heading, h("div", { class: "prose version-text" }, data.text));
  heading.focus();
}

function marked(text, spans, Tag) {
  const unit = toUnits(text);
  const parts = [];
  let cursor = 0;
  for (const span of spans) {
    const start = unit(span.start), end = unit(span.end);
    parts.push(text.slice(cursor, start), h(Tag, {}, text.slice(start, end)));
    cursor = end;
  }
  parts.push(text.slice(cursor));
  return parts;
}

export async function showDiff(storyId) {
  const from = $("#diff-from").value, to = $("#diff-to").value;
  const [diff, older, newer] = await Promise.all([
    get(`/stories/${storyId}/diff?from=${from}&to=${to}`),
    get(`/stories/${storyId}/versions/${from}`), get(`/stories/${storyId}/versions/${to}`)]);
  const d = diff.data;
  const deletes = d.spans.filter((s) => s.kind === "delete");
  const inserts = d.spans.filter((s) => s.kind === "insert");
  const words = (n) => `${formatNumber(n)} word${n === 1 ? "" : "s"}`;
  const summary = `Version ${from} to ${to}: ${words(d.inserted_words)} added, ${words(d.deleted_words)} removed.`;
  fill($("#diff-result"),
    h("p", { id: "diff-summary" }, summary),
    h("div", { class: "diff" },
      h("section", { "aria-label": `Version ${from}, removed words struck through` },
        h("h3", {}, `Version ${from}`), h("div", { class: "prose", tabindex: "0" }, marked(older.data.text, deletes, "del"))),
      h("section", { "aria-label": `Version ${to}, added words underlined` },
        h("h3", {}, `Version ${to}`), h("div", { class: "prose", tabindex: "0" }, marked(newer.data.text, inserts, "ins")))));
  announce(summary);
}
