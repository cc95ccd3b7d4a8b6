// Follow a job's Server-Sent Events over fetch (EventSource cannot send an Authorization
// header), resuming with Last-Event-ID after a dropped connection or the server's 55 s cut.
import { API, ApiError, authHeaders } from "./api.js";
import { codePointPrefix } from "./dom.js";

const TERMINAL = new Set(["done", "error", "cancelled"]);
const MAX_BACKOFF_MS = 8000;

/** Parse SSE text; returns the complete messages and the unparsed rest. */
export function parseEvents(buffer) {
  const messages = [];
  const blocks = buffer.split(/\r?\n\r?\n/);
  const rest = blocks.pop();
  for (const block of blocks) {
    const message = { id: null, event: "message", data: "", retry: null };
    let hasData = false;
    for (const line of block.split(/\r?\n/)) {
      if (!line || line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? "" : line.slice(colon + 1);
      if (value.startsWith(" ")) value = value.slice(1);
      if (field === "id") message.id = value;
      else if (field === "event") message.event = value;
      else if (field === "retry") message.retry = Number(value);
      else if (field === "data") { message.data += (hasData ? "\n" : "") + value; hasData = true; }
    }
    if (hasData || message.retry !== null) messages.push(message);
  }
  return { messages, rest };
}

/**
 * Assembles the draft exactly as the stored version: chunks append, a rewrite keeps the first
 * `at` characters (code points) and appends its text.
 */
export class Draft {
  constructor() { this.text = ""; }
  chunk(text) { this.text += text; }
  rewrite(at, text) { this.text = codePointPrefix(this.text, at) + text; }
}

/**
 * Follow job `jobId` until its last event. `on` gets stage(data), progress(value 0-1),
 * text(fullText), reconnecting(attempt), connected(), and the result resolves to
 * {event, data} of the last event. `signal` stops following (not the job).
 */
export async function followJob(jobId, on, { signal } = {}) {
  const draft = new Draft();
  let lastId = null;
  let retryMs = 1000;
  let failures = 0;
  for (;;) {
    if (signal && signal.aborted) throw new DOMException("stopped", "AbortError");
    let ended = null;
    try {
      const headers = authHeaders({ Accept: "text/event-stream" });
      if (lastId) headers["Last-Event-ID"] = lastId;
      const response = await fetch(`${API}/jobs/${jobId}/events`, { headers, signal, cache: "no-store" });
      if (!response.ok) {
        const body = await response.json().catch(() => null);
        const error = new ApiError(response.status, body);
        if (response.status < 500 && response.status !== 429) throw error;
        throw Object.assign(new TypeError(error.message), { retryable: true });
      }
      if (failures) on.connected && on.connected();
      failures = 0;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      while (!ended) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        const parsed = parseEvents(buffer);
        buffer = parsed.rest;
        for (const message of parsed.messages) {
          if (message.retry !== null && !message.data) { retryMs = message.retry; continue; }
          if (message.id) lastId = message.id;
          const data = message.data ? JSON.parse(message.data) : {};
          if (message.event === "chunk") { draft.chunk(data.text || ""); on.text(draft.text); }
          else if (message.event === "rewrite") { draft.rewrite(data.at || 0, data.text || ""); on.text(draft.text); }
          else if (message.event === "stage") on.stage(data);
          else if (message.event === "progress") on.progress(data.progress);
          if (TERMINAL.has(message.event)) { ended = { event: message.event, data, text: draft.text }; break; }
        }
      }
      if (ended) { reader.cancel().catch(() => {}); return ended; }
      // The server ended the response (its time limit): reconnect after `retry`.
      await sleep(retryMs, signal);
    } catch (error) {
      if (error instanceof ApiError || (error && error.name === "AbortError")) throw error;
      // A dropped connection: resume after the last event seen, backing off while it fails.
      failures += 1;
      on.reconnecting && on.reconnecting(failures);
      await sleep(Math.min(MAX_BACKOFF_MS, retryMs * 2 ** (failures - 1)), signal);
    }
  }
}

function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    if (signal) signal.addEventListener("abort", () => { clearTimeout(timer); reject(new DOMException("stopped", "AbortError")); }, { once: true });
  });
}
