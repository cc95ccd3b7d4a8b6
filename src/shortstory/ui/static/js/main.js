// The page: a hash router over four views (write, watch, story, stories) and the API key.
import { ApiError, apiKey, get, setApiKey, setUnauthorizedHandler } from "./api.js";
import { $, $$, announce, banner } from "./dom.js";
import { initLibrary, loadStories } from "./library.js";
import { initPremiseForm, loadCatalog } from "./premise.js";
import { initStory, openStory } from "./story.js";
import { initWatch, stopWatching, watchJob } from "./watch.js";

let keyWaiters = [];

function askForKey(message) {
  const dialog = $("#key-dialog");
  const error = $("#key-error");
  error.textContent = message || "";
  error.hidden = !message;
  if (!dialog.open) dialog.showModal();
  $("#key-input").focus();
  return new Promise((resolve) => keyWaiters.push(resolve));
}

async function whoAmI() {
  for (;;) {
    try {
      const { data } = await get("/me");
      $("#who").textContent = data.local ? "Development mode (local user)" : `Signed in as ${data.name}`;
      $("#forget-key").hidden = !apiKey();
      return data;
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) throw error;
      await askForKey(apiKey() ? "That key was not accepted." : "");
    }
  }
}

function showView(name) {
  for (const view of $$(".view")) view.hidden = view.dataset.view !== name;
  for (const link of $$("[data-nav]")) {
    if (link.dataset.nav === name || (name === "story" && link.dataset.nav === "stories")) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

function focusHeading(name) {
  const heading = $(`#view-${name} h1`);
  if (heading) heading.focus();
}

async function route() {
  banner("");
  const hash = location.hash || "#/write";
  const parts = hash.slice(2).split("/");
  if (parts[0] !== "jobs") stopWatching();
  try {
    if (parts[0] === "stories" && parts[1]) {
      showView("story");
      await openStory(parts[1]);
      focusHeading("story");
    } else if (parts[0] === "stories") {
      document.title = "My stories — Short Story Pipeline";
      showView("stories");
      await loadStories(true);
      focusHeading("stories");
    } else if (parts[0] === "jobs" && parts[1]) {
      const params = new URLSearchParams(parts[1].split("?")[1] || "");
      const jobId = parts[1].split("?")[0];
      showView("watch");
      focusHeading("watch");
      document.title = "Writing — Short Story Pipeline";
      // When it is done the draft stays in view, with a link to the story and its analysis.
      watchJob(jobId, params.get("story"), params.get("kind") || "generate", () => {
        announce("Done. The link to read the story follows the progress bar.");
        $("#watch-open").focus();
      });
    } else {
      document.title = "Write a story — Short Story Pipeline";
      showView("write");
      await loadCatalog();
      focusHeading("write");
    }
  } catch (error) {
    banner(error instanceof ApiError ? error.describe() : "The service could not be reached. Try again in a moment.");
  }
}

function watchUrl(jobId, storyId, kind) {
  return `#/jobs/${jobId}?story=${storyId}&kind=${kind}`;
}

async function boot() {
  $("#key-form").addEventListener("submit", () => {
    const key = $("#key-input").value.trim();
    if (!key) return;
    setApiKey(key);
    $("#key-input").value = "";
    const waiters = keyWaiters;
    keyWaiters = [];
    for (const resolve of waiters) resolve();
  });
  $("#key-dialog").addEventListener("cancel", (event) => event.preventDefault());
  $("#forget-key").addEventListener("click", () => {
    setApiKey(null);
    location.reload();
  });
  initPremiseForm((created) => { location.hash = watchUrl(created.job.id, created.story.id, "generate"); });
  initWatch();
  initStory({
    watch: (jobId, storyId, kind) => { location.hash = watchUrl(jobId, storyId, kind); },
    deleted: () => { location.hash = "#/stories"; },
  });
  initLibrary();
  // Where the service needs a key, ask before the first call rather than after its 401.
  if (document.documentElement.dataset.keyRequired === "true" && !apiKey()) await askForKey("");
  // The catalog loads while the key is checked (a failure is retried when the view needs it).
  loadCatalog().catch(() => {});
  try {
    await whoAmI();
  } catch (error) {
    banner(error instanceof ApiError ? error.describe() : "The service could not be reached.");
    return;
  }
  // From now on a 401 (a key revoked meanwhile) asks again, then reloads the view.
  setUnauthorizedHandler(() => {
    if (!$("#key-dialog").open) askForKey("The service asks for an API key.").then(route);
  });
  window.addEventListener("hashchange", route);
  await route();
  // For tests and bench/page.py: the first view is usable from here.
  performance.mark("shortstory:ready");
  document.documentElement.dataset.ready = "true";
}

boot();
