// Downloads of each export format, fetched with the key and saved from a blob.
import { API, ApiError, authHeaders } from "./api.js";
import { $, announce, fill, h } from "./dom.js";

export const FORMATS = [
  ["md", "Markdown"], ["txt", "Plain text"], ["html", "HTML"],
  ["pdf", "PDF"], ["docx", "Word (DOCX)"], ["epub", "EPUB"],
];

function filename(response, fallback) {
  const header = response.headers.get("Content-Disposition") || "";
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(header);
  return plain ? plain[1] : fallback;
}

async function download(url, fallback) {
  const result = $("#download-result");
  result.textContent = "Preparing the download…";
  const response = await fetch(url, { headers: authHeaders() });
  if (!response.ok) {
    const body = await response.json().catch(() => null);
    const error = new ApiError(response.status, body);
    result.textContent = response.status === 404 && !body?.details?.story_id
      ? "This format cannot be downloaded from this server yet."
      : `The download failed: ${error.describe()}`;
    return;
  }
  const blob = await response.blob();
  const link = h("a", { href: URL.createObjectURL(blob), download: filename(response, fallback) });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  result.textContent = `Downloaded ${link.download}.`;
  announce(result.textContent);
}

export function renderDownloads(story) {
  fill($("#downloads"), FORMATS.map(([fmt, label]) => {
    // The version on screen, even if another tab has saved a newer one since.
    const url = `${API}/stories/${story.id}/export/${fmt}${story.version ? `?version=${story.version}` : ""}`;
    return h("li", {}, h("a", { class: "button", href: url, "data-format": fmt, onclick: (event) => {
      event.preventDefault();
      download(url, `story.${fmt}`).catch(() => { $("#download-result").textContent = "The service could not be reached."; });
    } }, label));
  }));
  $("#download-result").textContent = "";
}
