// Watching a job: its stage, the draft as it streams, a progress bar, cancel and resume.
import { ApiError, post } from "./api.js";
import { $, announce, banner } from "./dom.js";
import { followJob } from "./stream.js";

const STAGES = {
  queued: "queued", premise: "checking the premise", outline: "outlining", scaffold: "setting the scaffold",
  draft: "drafting", analysis: "analysing", saving: "saving", revise: "revising",
  fallback: "switching to the next writer", done: "done",
};

let current = null; // {jobId, storyId, controller}

function setProgress(value) {
  const bar = $("#watch-progress");
  const percent = Math.round(Math.max(0, Math.min(1, value || 0)) * 100);
  bar.value = percent;
  bar.textContent = `${percent}%`;
  bar.setAttribute("aria-valuetext", `${percent}%`);
}

/** Stop following the stream (leaving the view); the job goes on. */
export function stopWatching() {
  if (current) current.controller.abort();
  current = null;
}

/**
 * Show job `jobId` (of story `storyId`, kind "generate" or "revise") being written; `onDone(storyId)`
 * when it succeeds.
 */
export async function watchJob(jobId, storyId, kind, onDone) {
  stopWatching();
  const controller = new AbortController();
  current = { jobId, storyId, controller };
  const draftView = $("#watch-draft");
  const stage = $("#watch-stage");
  const connection = $("#watch-connection");
  const result = $("#watch-result");
  $("#watch-title").textContent = kind === "revise" ? "Revising the story" : "Writing the story";
  draftView.textContent = "";
  draftView.setAttribute("aria-busy", "true");
  stage.textContent = "queued";
  connection.textContent = "";
  result.textContent = "";
  $("#watch-open").hidden = true;
  $("#watch-open").href = `#/stories/${storyId}`;
  const cancel = $("#cancel-job");
  cancel.hidden = false;
  cancel.disabled = false;
  setProgress(0);
  let pending = null;
  const handlers = {
    stage: (data) => {
      stage.textContent = STAGES[data.stage] || data.stage;
      if (typeof data.progress === "number") setProgress(data.progress);
    },
    progress: setProgress,
    // One paint per frame however many chunks arrive.
    text: (text) => {
      if (pending === null) requestAnimationFrame(() => { draftView.textContent = pending; pending = null; });
      pending = text;
    },
    reconnecting: (attempt) => { connection.textContent = `Connection lost; reconnecting (attempt ${attempt})…`; },
    connected: () => { connection.textContent = "Reconnected; the draft goes on where it stopped."; },
  };
  let ended;
  try {
    ended = await followJob(jobId, handlers, { signal: controller.signal });
  } catch (error) {
    if (error && error.name === "AbortError") return;
    banner(error instanceof ApiError ? error.describe() : String(error));
    return;
  }
  if (current && current.jobId === jobId) current = null;
  if (pending !== null) draftView.textContent = pending;
  draftView.textContent = ended.text || draftView.textContent;
  draftView.setAttribute("aria-busy", "false");
  cancel.hidden = true;
  if (ended.event === "done") {
    setProgress(1);
    stage.textContent = "done";
    result.textContent = `Finished: version ${ended.data.version}.`;
    $("#watch-open").hidden = false;
    onDone(storyId);
  } else if (ended.event === "cancelled") {
    stage.textContent = "cancelled";
    result.textContent = "Cancelled. Nothing was saved.";
    announce("Cancelled. Nothing was saved.");
  } else {
    stage.textContent = "failed";
    const id = ended.data.error_id ? ` (error id ${ended.data.error_id})` : "";
    result.textContent = `It failed: ${ended.data.message || "unknown error"}${id}`;
  }
}

export function initWatch() {
  $("#cancel-job").addEventListener("click", async () => {
    if (!current) return;
    const button = $("#cancel-job");
    button.disabled = true;
    try {
      await post(`/jobs/${current.jobId}/cancel`);
      announce("Cancelling…");
    } catch (error) {
      // 409: it finished first; the stream says how.
      if (!(error instanceof ApiError && error.status === 409)) {
        banner(error instanceof ApiError ? error.describe() : "The service could not be reached.");
        button.disabled = false;
      }
    }
  });
}
