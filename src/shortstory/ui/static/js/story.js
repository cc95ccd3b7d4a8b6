// One story: its text and analysis, and what can be done to it (edit, revise, versions and
// diff, feedback, downloads, delete).
import { ApiError, call, get, post } from "./api.js";
import { renderAnalysis, renderText } from "./analysis.js";
import { $, $$, announce, banner, fill, formatNumber, h } from "./dom.js";
import { renderDownloads } from "./downloads.js";
import { clearErrors, showErrors } from "./fields.js";
import { loadVersions, showDiff } from "./versions.js";

let story = null;
let etag = null;
let hooks = { watch: () => {}, deleted: () => {} };

const POV = { first: "first person", close_third: "close third", second: "second person" };

function metaItem(term, value) {
  return h("div", {}, h("dt", {}, term), h("dd", {}, value));
}

function renderMeta() {
  const items = [
    metaItem("Status", story.status),
    metaItem("Genre", story.genre),
    metaItem("Structure", story.structure),
    metaItem("Voice", `${POV[story.scaffold.pov] || story.scaffold.pov}, ${story.scaffold.tense} tense`),
    metaItem("Words", story.word_count === null ? "—" : `${formatNumber(story.word_count)} of ${formatNumber(story.target_words)}`),
    metaItem("Version", story.version === null ? "—" : String(story.version)),
    metaItem("Writer", story.writer),
  ];
  if (story.model) items.push(metaItem("Model", story.model));
  if (story.tokens_in !== null || story.tokens_out !== null) {
    items.push(metaItem("Tokens", `${formatNumber(story.tokens_in || 0)} in, ${formatNumber(story.tokens_out || 0)} out`));
  }
  if (story.cost_usd !== null && story.cost_usd !== undefined) items.push(metaItem("Cost", `$${story.cost_usd.toFixed(4)}`));
  fill($("#story-meta"), items);
}

const UNFINISHED = new Set(["queued", "running"]);
const POLL_MS = 2000;
let pollTimer = 0;

/** While the story is still being written, look again every two seconds (until it is done or
 * the view shows something else). */
function pollWhileUnfinished(id) {
  clearTimeout(pollTimer);
  if (!UNFINISHED.has(story.status)) return;
  pollTimer = setTimeout(async () => {
    if (location.hash !== `#/stories/${id}`) return;
    try {
      const { data, response } = await get(`/stories/${id}`);
      if (location.hash !== `#/stories/${id}`) return;
      if (UNFINISHED.has(data.status)) { pollWhileUnfinished(id); return; }
      story = data;
      etag = response.headers.get("ETag");
      $("#story-title").textContent = story.title || "Untitled story";
      renderMeta();
      renderDownloads(story);
      await renderBody();
      announce(story.text ? "The story is written." : `The story ended ${story.status}.`);
    } catch (error) {
      banner(error instanceof ApiError ? error.describe() : "The service could not be reached.");
    }
  }, POLL_MS);
}

const NO_TEXT = {
  queued: "Waiting to be written; this page shows the story when it is done.",
  running: "Being written; this page shows the story when it is done.",
  failed: "This story could not be written.",
  cancelled: "This story was cancelled before it was written.",
};

async function renderBody() {
  const text = story.text || "";
  const article = $("#story-text");
  const panel = $("#analysis-body");
  renderText(article, text, null);
  if (!text) {
    fill(panel, h("p", { class: "muted", role: "status" }, NO_TEXT[story.status] || "No text yet."));
    return;
  }
  fill(panel, h("p", { class: "muted" }, "Reading the text…"));
  const character = { name: story.premise.character.name, pronouns: story.premise.character.pronouns };
  try {
    const { data } = await post("/analysis", { text, character, scaffold: { pov: story.scaffold.pov, tense: story.scaffold.tense } });
    renderText(article, text, data);
    renderAnalysis(panel, data, story);
  } catch (error) {
    fill(panel, h("p", { class: "error" }, error instanceof ApiError ? error.describe() : "The analysis could not be loaded."));
  }
}

/** Load story `id` into the view. */
export async function openStory(id) {
  closePanels();
  const { data, response } = await get(`/stories/${id}`);
  story = data;
  etag = response.headers.get("ETag");
  $("#story-title").textContent = story.title || "Untitled story";
  document.title = `${story.title || "Story"} — Short Story Pipeline`;
  renderMeta();
  renderDownloads(story);
  await renderBody();
  pollWhileUnfinished(id);
}

function closePanels() {
  for (const button of $$("[data-panel]")) button.setAttribute("aria-expanded", "false");
  for (const panel of $$(".panel")) panel.hidden = true;
}

async function togglePanel(button) {
  const name = button.dataset.panel;
  const panel = document.getElementById(`panel-${name}`);
  const opening = panel.hidden;
  closePanels();
  if (!opening) return;
  panel.hidden = false;
  button.setAttribute("aria-expanded", "true");
  if (name === "edit") {
    clearErrors($("#edit-form"));
    $("#edit-conflict").hidden = true;
    $("#edit-reload").hidden = true;
    $("#edit-title-input").value = story.title || "";
    $("#edit-text").value = story.text || "";
  } else if (name === "versions") {
    fill($("#diff-result"));
    await loadVersions(story.id, story.version);
  } else if (name === "feedback") {
    $("#feedback-result").textContent = "";
  }
  const first = panel.querySelector("input:not([disabled]), select, textarea, a, button");
  if (first) first.focus();
}

async function saveEdit(event) {
  event.preventDefault();
  const form = $("#edit-form");
  clearErrors(form);
  const conflict = $("#edit-conflict");
  conflict.hidden = true;
  const body = {};
  const title = $("#edit-title-input").value.trim();
  const text = $("#edit-text").value;
  if (title !== (story.title || "")) body.title = title;
  if (text !== (story.text || "")) body.text = text;
  if (!Object.keys(body).length) { announce("Nothing changed."); return; }
  try {
    const { data, response } = await call("PATCH", `/stories/${story.id}`, { body, headers: { "If-Match": etag } });
    story = data;
    etag = response.headers.get("ETag");
    closePanels();
    $("#story-title").textContent = story.title || "Untitled story";
    renderMeta();
    await renderBody();
    announce(`Saved as version ${story.version}.`);
    $("#story-title").focus();
  } catch (error) {
    if (error instanceof ApiError && error.status === 412) {
      conflict.textContent = "This story was changed elsewhere (another tab or window saved a new version) "
        + "after you opened it, so your edit was not saved. Your text is still in the box: copy what you "
        + "want to keep, then load the latest version and edit that.";
      conflict.hidden = false;
      $("#edit-reload").hidden = false;
      conflict.setAttribute("tabindex", "-1");
      conflict.focus();
    } else if (error instanceof ApiError && error.fieldErrors.length) {
      showErrors(form, error.fieldErrors);
    } else {
      banner(error instanceof ApiError ? error.describe() : "The service could not be reached.");
    }
  }
}

async function reloadLatest() {
  const { data, response } = await get(`/stories/${story.id}`);
  story = data;
  etag = response.headers.get("ETag");
  $("#edit-title-input").value = story.title || "";
  $("#edit-text").value = story.text || "";
  $("#edit-conflict").hidden = true;
  $("#edit-reload").hidden = true;
  renderMeta();
  renderBody();
  announce(`Loaded version ${story.version}.`);
  $("#edit-text").focus();
}

async function revise(event) {
  event.preventDefault();
  const form = $("#revise-form");
  clearErrors(form);
  const mode = $("#revise-mode").value;
  const body = { mode };
  if (mode === "instruction") body.instruction = $("#revise-instruction").value.trim();
  try {
    const { data } = await post(`/stories/${story.id}/revisions`, body);
    hooks.watch(data.id, story.id, "revise");
  } catch (error) {
    if (error instanceof ApiError && error.fieldErrors.length) showErrors(form, error.fieldErrors.map((p) => (p.field === "body" ? { ...p, field: "instruction" } : p)));
    else banner(error instanceof ApiError ? error.describe() : "The service could not be reached.");
  }
}

async function sendFeedback(event) {
  event.preventDefault();
  const form = $("#feedback-form");
  clearErrors(form);
  const chosen = form.querySelector("input[name=rating]:checked");
  const body = { rating: chosen ? Number(chosen.value) : 0, approved: $("#feedback-approved").checked, version: story.version };
  const comment = $("#feedback-comment").value.trim();
  if (comment) body.comment = comment;
  try {
    const { data } = await post(`/stories/${story.id}/feedback`, body);
    $("#feedback-result").textContent = `Thank you: ${data.rating} of 5${data.approved ? ", approved" : ""}, for version ${data.version}.`;
  } catch (error) {
    if (error instanceof ApiError && error.fieldErrors.length) showErrors(form, error.fieldErrors);
    else banner(error instanceof ApiError ? error.describe() : "The service could not be reached.");
  }
}

/** Ask, then delete story {id, title}; resolves to true when it was deleted. */
export async function confirmDelete(target) {
  const dialog = $("#confirm-dialog");
  $("#confirm-text").textContent = `“${target.title || "Untitled story"}” and all its versions will be deleted. This cannot be undone.`;
  dialog.returnValue = "";
  dialog.showModal();
  const choice = await new Promise((resolve) => dialog.addEventListener("close", () => resolve(dialog.returnValue), { once: true }));
  if (choice !== "delete") { announce("Not deleted."); return false; }
  await call("DELETE", `/stories/${target.id}`);
  announce(`Deleted “${target.title || "Untitled story"}”.`);
  return true;
}

export function initStory(options) {
  hooks = options;
  for (const button of $$("[data-panel]")) button.addEventListener("click", () => togglePanel(button));
  $("#edit-form").addEventListener("submit", saveEdit);
  $("#edit-reload").addEventListener("click", reloadLatest);
  $("#revise-mode").addEventListener("change", () => {
    $("#revise-instruction").disabled = $("#revise-mode").value !== "instruction";
  });
  $("#revise-form").addEventListener("submit", revise);
  $("#feedback-form").addEventListener("submit", sendFeedback);
  $("#diff-form").addEventListener("submit", (event) => {
    event.preventDefault();
    showDiff(story.id).catch((error) => banner(error instanceof ApiError ? error.describe() : "The diff could not be loaded."));
  });
  $("#delete-story").addEventListener("click", async () => {
    try {
      if (await confirmDelete(story)) hooks.deleted();
    } catch (error) {
      banner(error instanceof ApiError ? error.describe() : "The service could not be reached.");
    }
  });
}
