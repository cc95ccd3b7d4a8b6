// The story's text with clichés and POV/tense slips marked in place, and the analysis panel.
import { h, fill, formatNumber, toUnits } from "./dom.js";

let tipCount = 0;

/** Marks that do not overlap, in text order: clichés first, then POV/tense issues. */
function marks(report) {
  const found = [];
  for (const c of report.cliches || []) {
    const tip = `Cliché: “${c.phrase}”.` + (c.suggestions.length ? ` Try: ${c.suggestions.join("; ")}.` : "");
    found.push({ start: c.start, end: c.end, kind: "cliche", tip });
  }
  for (const issue of report.pov_tense || []) {
    found.push({ start: issue.start, end: issue.end, kind: "pov", tip: `${issue.kind === "pov" ? "Point of view" : "Tense"}: ${issue.message}` });
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept = [];
  for (const mark of found) if (!kept.length || mark.start >= kept[kept.length - 1].end) kept.push(mark);
  return kept;
}

/** The text, with each mark focusable and its suggestion shown on hover and focus. */
export function renderText(container, text, report) {
  const unit = toUnits(text);
  const parts = [];
  let cursor = 0;
  for (const mark of report ? marks(report) : []) {
    const start = unit(mark.start), end = unit(mark.end);
    parts.push(text.slice(cursor, start));
    const id = `tip-${++tipCount}`;
    parts.push(h("mark", { class: mark.kind, tabindex: "0", "aria-describedby": id },
      text.slice(start, end), h("span", { class: "tip", id, "aria-hidden": "true" }, mark.tip)));
    cursor = end;
  }
  parts.push(text.slice(cursor));
  fill(container, parts);
}

const DIMENSIONS = {
  specificity: "Specificity", sensory_detail: "Sensory detail", voice: "Voice", surprise: "Surprise",
  sentence_variety: "Sentence variety", cliche_density: "Cliché density",
};

function meter(label, value, id) {
  return [h("label", { for: id }, `${label}: ${value} / 100`), h("meter", { id, min: "0", max: "100", value: String(value) }, `${value}`)];
}

/** The analysis panel for a story: words against target, memorability, voice, readability… */
export function renderAnalysis(container, report, story) {
  const target = story.target_words;
  const words = report.word_count;
  const off = Math.round(((words - target) / target) * 100);
  const sections = [
    h("h3", {}, "Length"),
    h("p", {}, `${formatNumber(words)} words of ${formatNumber(target)} asked (${off >= 0 ? "+" : ""}${off}%).`),
  ];
  const mem = report.memorability;
  sections.push(h("h3", {}, "Memorability"), h("p", { class: "score" }, `${mem.score} / 100`));
  sections.push(h("ul", {}, mem.dimensions.map((d, i) => h("li", {}, meter(DIMENSIONS[d.name] || d.name, d.score, `dim-${i}`), h("p", { class: "hint" }, d.reason)))));
  const cliches = report.cliches || [];
  sections.push(h("h3", {}, `Clichés (${cliches.length})`));
  sections.push(cliches.length
    ? h("p", {}, "Marked in the text: hover over one or move to it with Tab to see suggestions.")
    : h("p", {}, "None found."));
  const issues = report.pov_tense || [];
  sections.push(h("h3", {}, `Point of view and tense (${issues.length})`));
  sections.push(issues.length
    ? h("ul", {}, issues.slice(0, 20).map((i) => h("li", {}, `“${i.text}”: ${i.message}`)))
    : h("p", {}, `Keeps to ${story.scaffold.pov.replace("_", " ")} person, ${story.scaffold.tense} tense.`));
  const voice = report.voice || { speakers: [] };
  sections.push(h("h3", {}, "Voice"));
  sections.push(voice.speakers.length
    ? h("ul", {}, voice.speakers.map((s) => h("li", {}, `${s.name}: ${s.lines} line${s.lines === 1 ? "" : "s"}, distinctiveness ${s.score}/100. ${s.reason}`)))
    : h("p", {}, "No attributed dialogue."));
  const r = report.readability;
  sections.push(h("h3", {}, "Readability"), h("ul", {},
    h("li", {}, `Flesch reading ease ${r.flesch_reading_ease}`),
    h("li", {}, `Grade level ${r.flesch_kincaid_grade}`),
    h("li", {}, `${r.sentences} sentences, ${r.sentence_length.mean} words on average`)));
  fill(container, sections);
}
