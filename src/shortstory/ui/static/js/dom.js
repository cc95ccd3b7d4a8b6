// Small DOM helpers: build elements without innerHTML, announce to screen readers.

/** h("p", {class: "x"}, "text", child) — attributes set with setAttribute, text as text. */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name, value === true ? "" : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

/** Replace an element's children. */
export function fill(element, ...children) {
  element.replaceChildren();
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) {
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
}

let announceTimer = 0;

/** Say something to a screen reader through the page's polite live region. */
export function announce(message) {
  const region = document.getElementById("announcer");
  region.textContent = "";
  clearTimeout(announceTimer);
  // A fresh text node after a tick is announced even when it repeats the last message.
  announceTimer = setTimeout(() => { region.textContent = message; }, 50);
}

/** Show (or, with no message, hide) the page-wide alert. */
export function banner(message) {
  const element = document.getElementById("banner");
  element.textContent = message || "";
  element.hidden = !message;
}

const numberFormat = new Intl.NumberFormat("en");
export const formatNumber = (value) => numberFormat.format(value);

export function formatDate(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/**
 * Offsets from the API count Unicode code points (Python's str); JavaScript strings count UTF-16
 * units. toUnits(text) gives a function from code-point offsets to unit offsets.
 */
export function toUnits(text) {
  if (!/[\uD800-\uDFFF]/.test(text)) return (offset) => offset;
  const units = [0];
  let position = 0;
  for (const character of text) {
    position += character.length;
    units.push(position);
  }
  return (offset) => units[Math.min(offset, units.length - 1)];
}

/** The first `count` code points of `text`. */
export function codePointPrefix(text, count) {
  return text.slice(0, toUnits(text)(count));
}
