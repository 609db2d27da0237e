// The gateway's API as the console uses it. The session lives in the gateway's HttpOnly cookie: nothing secret is
// kept by the page. Requests that change something carry the CSRF token the gateway hands out in the readable
// insight_csrf cookie, in the X-CSRF-Token header. Failures become ApiError with the problem's detail.

import { problemMessage } from './text.js';
import { readEvents } from './sse.js';

const CSRF_COOKIE = 'insight_csrf';
const CSRF_HEADER = 'X-CSRF-Token';
const ACCEPT_JSON = 'application/json, application/problem+json';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export class ApiError extends Error {
  constructor(status, problem) {
    super(problemMessage(problem, status));
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem ?? null;
  }
}

let unauthorized = () => {};

/** Called with the ApiError whenever a request made with an existing session answers 401. */
export function onUnauthorized(handler) {
  unauthorized = handler;
}

function csrfToken() {
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === CSRF_COOKIE) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

function headersFor(method, extra) {
  const headers = new Headers(extra);
  if (!headers.has('Accept')) headers.set('Accept', ACCEPT_JSON);
  if (!SAFE.has(method)) {
    const token = csrfToken();
    if (token) headers.set(CSRF_HEADER, token);
  }
  return headers;
}

function parseProblem(text) {
  try {
    const value = JSON.parse(text);
    return value && typeof value === 'object' ? value : null;
  } catch {
    return null;
  }
}

async function failure(response, expectUnauthorized) {
  const error = new ApiError(response.status, parseProblem(await response.text().catch(() => '')));
  if (response.status === 401 && !expectUnauthorized) unauthorized(error);
  return error;
}

/**
 * A JSON request. Options: json (the body), signal, expectUnauthorized (a 401 is this call's own answer, as for
 * a wrong password, rather than an ended session). Resolves to the parsed body, or null for 204.
 */
export async function request(method, path, { json, signal, expectUnauthorized = false } = {}) {
  const headers = headersFor(method);
  let body;
  if (json !== undefined) {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(json);
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body, signal, credentials: 'same-origin', cache: 'no-store' });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, null);
  }
  if (!response.ok) throw await failure(response, expectUnauthorized);
  if (response.status === 204) return null;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

export const get = (path, options) => request('GET', path, options);
export const post = (path, json, options) => request('POST', path, { ...options, json });

/** Query string from an object, leaving out null and undefined values. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * Uploads one file as multipart field "file" with XMLHttpRequest, whose upload events give real progress (fetch
 * has none for request bodies). onProgress gets a fraction 0..1. Returns {promise, abort}.
 */
export function upload(file, onProgress) {
  const xhr = new XMLHttpRequest();
  const promise = new Promise((resolve, reject) => {
    xhr.open('POST', '/api/files');
    headersFor('POST').forEach((value, name) => xhr.setRequestHeader(name, value));
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    });
    xhr.addEventListener('load', () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(parseProblem(xhr.responseText));
        return;
      }
      const error = new ApiError(xhr.status, parseProblem(xhr.responseText));
      if (xhr.status === 401) unauthorized(error);
      reject(error);
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, null)));
    xhr.addEventListener('abort', () => reject(new DOMException('The upload was cancelled.', 'AbortError')));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}

/**
 * Asks a question with streaming: POST /api/chat/stream, read as server-sent events. Yields {type, data} with
 * data parsed from JSON: 'delta' {text}, then 'done' (the reply without its text), or 'error' (a problem).
 */
export async function* chatStream(body, signal) {
  const headers = headersFor('POST', { Accept: `text/event-stream, ${ACCEPT_JSON}`, 'Content-Type': 'application/json' });
  let response;
  try {
    response = await fetch('/api/chat/stream', {
      method: 'POST', headers, body: JSON.stringify(body), signal, credentials: 'same-origin', cache: 'no-store',
    });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, null);
  }
  if (!response.ok) throw await failure(response, false);
  for await (const event of readEvents(response.body)) {
    let data = null;
    try {
      data = event.data ? JSON.parse(event.data) : null;
    } catch {
      data = { text: event.data };
    }
    yield { type: event.type, data };
  }
}
