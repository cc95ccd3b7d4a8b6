// The premise form: catalog choices, templates, premise flags, and starting a story.
import { ApiError, get, post } from "./api.js";
import { $, announce, banner, fill, h } from "./dom.js";
import { clearErrors, showErrors } from "./fields.js";

const form = () => $("#premise-form");
let templates = [];
let loading = null;

/** Fill the selects from the catalog (once). */
export function loadCatalog() {
  loading = loading || fillCatalog().catch((error) => { loading = null; throw error; });
  return loading;
}

async function fillCatalog() {
  const [genres, structures, writers, tpl] = await Promise.all([
    get("/genres"), get("/structures"), get("/writers"), get("/templates")]);
  const genre = $("#genre");
  for (const item of genres.data.items) genre.append(h("option", { value: item.id }, item.name));
  fill($("#structure"), structures.data.items.map((s) => h("option", { value: s.id }, s.name)));
  const writer = $("#writer");
  for (const item of writers.data.items) {
    writer.append(h("option", { value: item.name }, `${item.name} (${item.kind === "procedural" ? "offline" : item.model})`));
  }
  templates = tpl.data.items;
  const select = $("#template");
  for (const item of templates) select.append(h("option", { value: item.id }, item.title));
}

function setValue(id, value) {
  const element = document.getElementById(id);
  if (element) element.value = value === null || value === undefined ? "" : String(value);
}

/** Put a POST /stories body into the form. */
export function fillForm(request) {
  const premise = request.premise || {};
  const character = premise.character || {};
  const scaffold = request.scaffold || {};
  setValue("idea", premise.idea);
  setValue("theme", premise.theme);
  setValue("name", character.name);
  setValue("pronouns", character.pronouns || "they/them");
  setValue("traits", (character.traits || []).join(", "));
  setValue("quirk", character.quirk);
  setValue("contradiction", character.contradiction);
  setValue("want", character.want);
  setValue("genre", request.genre);
  setValue("structure", request.structure || "three-act");
  setValue("pov", scaffold.pov || "close_third");
  setValue("tense", scaffold.tense || "past");
  setValue("tone", scaffold.tone || "");
  setValue("style", scaffold.style || "plain");
  setValue("target_words", request.target_words || 1000);
}

const value = (id) => document.getElementById(id).value.trim();

function premiseBody() {
  const character = { name: value("name"), pronouns: value("pronouns") };
  const traits = value("traits").split(",").map((t) => t.trim()).filter(Boolean);
  if (traits.length) character.traits = traits;
  for (const key of ["quirk", "contradiction", "want"]) if (value(key)) character[key] = value(key);
  const premise = { idea: value("idea"), character };
  if (value("theme")) premise.theme = value("theme");
  return premise;
}

/** The POST /stories body the form describes (the API does every check). */
export function storyBody() {
  const scaffold = { pov: value("pov"), tense: value("tense"), style: value("style") };
  if (value("tone")) scaffold.tone = value("tone");
  const body = { premise: premiseBody(), genre: value("genre"), structure: value("structure"), scaffold };
  const target = value("target_words");
  if (target) body.target_words = /^-?\d+$/.test(target) ? Number(target) : target;
  if (value("writer")) body.writer = value("writer");
  return body;
}

const FIELD_NAMES = { idea: "Idea", theme: "Theme" };

function flagField(path) {
  const match = /^character\.(\w+)(?:\[(\d+)\])?$/.exec(path);
  if (!match) return FIELD_NAMES[path] || path;
  return match[2] === undefined ? `Character ${match[1]}` : `Character ${match[1]} ${Number(match[2]) + 1}`;
}

async function checkPremise() {
  const section = $("#premise-flags");
  const body = premiseBody();
  if (!body.character.name) delete body.character.name;
  clearErrors(form());
  try {
    const { data } = await post("/analysis/premise", body);
    const flags = data.flags;
    fill($("#flags-body"), flags.length
      ? h("ul", {}, flags.map((flag) => h("li", {},
          h("strong", {}, `${flagField(flag.field)}: “${flag.text}”`), ` — ${flag.label}. `, flag.suggestion)))
      : h("p", {}, "Nothing generic recognised in this premise."));
    section.hidden = false;
    announce(flags.length ? `${flags.length} premise flag${flags.length === 1 ? "" : "s"}` : "No premise flags");
  } catch (error) {
    if (error instanceof ApiError && error.status === 422) showErrors(form(), error.fieldErrors, { prefix: "premise." });
    else banner(error instanceof ApiError ? error.describe() : "The service could not be reached.");
  }
}

/** Wire the form; `onStarted(created)` gets the 202 body of POST /stories. */
export function initPremiseForm(onStarted) {
  $("#use-template").addEventListener("click", () => {
    const chosen = templates.find((t) => t.id === $("#template").value);
    if (!chosen) { announce("Choose a template first."); $("#template").focus(); return; }
    fillForm(chosen.request);
    clearErrors(form());
    announce(`Template “${chosen.title}” filled in.`);
  });
  $("#check-premise").addEventListener("click", checkPremise);
  form().addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = $("#generate");
    button.disabled = true;
    clearErrors(form());
    banner("");
    try {
      const { data } = await post("/stories", storyBody());
      onStarted(data);
    } catch (error) {
      if (error instanceof ApiError && error.fieldErrors.length) showErrors(form(), error.fieldErrors);
      else banner(error instanceof ApiError ? error.describe() : "The service could not be reached.");
    } finally {
      button.disabled = false;
    }
  });
}
