// The API client: one place that adds the key, parses our error shape and reports a 401.
const KEY_STORAGE = "shortstory.apiKey";
export const API = "/api/v1";

let onUnauthorized = () => {};

/** Called when the API answers 401 (no key, or a wrong one). */
export function setUnauthorizedHandler(handler) {
  onUnauthorized = handler;
}

export function apiKey() {
  return sessionStorage.getItem(KEY_STORAGE);
}

export function setApiKey(key) {
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
}

/** An error answer of the API, in its one shape (error_code, message, details, error_id). */
export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `The service answered ${status}.`);
    this.status = status;
    this.code = (body && body.error_code) || "HTTP_" + status;
    this.details = (body && body.details) || {};
    this.errorId = body && body.error_id;
  }

  /** The field problems of a validation error: [{field, problem}]. */
  get fieldErrors() {
    return Array.isArray(this.details.errors) ? this.details.errors : [];
  }

  /** A sentence for a person, with the error id to quote. */
  describe() {
    return this.errorId ? `${this.message} (error id ${this.errorId})` : this.message;
  }
}

/** Headers every call sends: the key when there is one. */
export function authHeaders(extra = {}) {
  const headers = { ...extra };
  const key = apiKey();
  if (key) headers.Authorization = `Bearer ${key}`;
  return headers;
}

/**
 * Call the API. Resolves to {data, response} for a 2xx, rejects with an ApiError otherwise
 * (or a TypeError when the network is down).
 */
export async function call(method, path, { body, headers = {}, signal } = {}) {
  const init = { method, headers: authHeaders({ Accept: "application/json", ...headers }), signal };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(API + path, init);
  let data = null;
  if (response.status !== 204) {
    const type = response.headers.get("Content-Type") || "";
    data = type.includes("json") ? await response.json().catch(() => null) : null;
  }
  if (!response.ok) {
    const error = new ApiError(response.status, data);
    if (response.status === 401) onUnauthorized(error);
    throw error;
  }
  return { data, response };
}

export const get = (path, options) => call("GET", path, options);
export const post = (path, body, options = {}) => call("POST", path, { ...options, body });
