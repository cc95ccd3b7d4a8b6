// Validation errors beside their fields: the API's details.errors mapped to a form's fields.
import { $$, h } from "./dom.js";

/** Clear every error shown in `form` (and its summary, when it has one). */
export function clearErrors(form) {
  for (const field of $$(".field.invalid, fieldset.invalid", form)) field.classList.remove("invalid");
  for (const message of $$(".error[data-for]", form)) message.remove();
  for (const control of $$("[aria-invalid]", form)) {
    control.removeAttribute("aria-invalid");
    const ids = (control.getAttribute("aria-describedby") || "").split(" ").filter((id) => !id.endsWith("-error"));
    if (ids.length) control.setAttribute("aria-describedby", ids.join(" "));
    else control.removeAttribute("aria-describedby");
  }
  const summary = form.querySelector(".error-summary");
  if (summary) { summary.replaceChildren(); summary.hidden = true; }
}

/** The form field a problem's dotted path belongs to (the longest data-field prefix). */
function fieldFor(form, path) {
  let best = null;
  for (const field of $$("[data-field]", form)) {
    const name = field.dataset.field;
    if ((path === name || path.startsWith(name + ".") || path.startsWith(name + "["))
        && (!best || name.length > best.dataset.field.length)) {
      best = field;
    }
  }
  return best;
}

/**
 * Show `problems` ([{field, problem}]) beside their fields; the rest, and a list of all, in the
 * form's summary. Focus goes to the summary (or the first invalid control).
 */
export function showErrors(form, problems, { prefix = "", intro = "Please correct these fields:" } = {}) {
  clearErrors(form);
  const summary = form.querySelector(".error-summary");
  const items = [];
  let firstControl = null;
  for (const problem of problems) {
    const field = fieldFor(form, prefix + problem.field);
    const control = field && field.querySelector("input, select, textarea");
    if (field && control) {
      field.classList.add("invalid");
      const id = `${control.id || control.name}-error`;
      let message = field.querySelector(`#${CSS.escape(id)}`);
      if (!message) {
        message = h("p", { class: "error", id, "data-for": control.id });
        const label = field.querySelector("label, legend");
        (label && label.parentElement === field ? label : field.firstElementChild).after(message);
      }
      message.textContent = message.textContent ? `${message.textContent} ${problem.problem}` : problem.problem;
      control.setAttribute("aria-invalid", "true");
      const described = (control.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      if (!described.includes(id)) control.setAttribute("aria-describedby", [id, ...described].join(" "));
      firstControl = firstControl || control;
      const labelText = (field.querySelector("label, legend") || {}).textContent || problem.field;
      items.push(h("li", {}, h("a", { href: `#${control.id}`, onclick: (event) => { event.preventDefault(); control.focus(); } },
        `${labelText.replace("(required)", "").trim()}: ${problem.problem}`)));
    } else {
      items.push(h("li", {}, `${problem.field}: ${problem.problem}`));
    }
  }
  if (summary) {
    summary.append(h("p", {}, h("strong", {}, intro)), h("ul", {}, items));
    summary.hidden = false;
    summary.focus();
  } else if (firstControl) {
    firstControl.focus();
  }
}
