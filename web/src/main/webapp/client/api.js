// The REST API (docs/api.md) as the client sees it: JSON in and out, problems as ApiError, a 401 on a request
// made with a token ends the session. Paths are relative to the application's root (the page's <base href>),
// so the client works behind a reverse proxy path.
import {session} from './session.js';
import {h, render} from './dom.js';

export const root = new URL('.', document.baseURI);

export class ApiError extends Error {
  constructor(status, problem, retryAfter) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;          // 0: the server could not be reached
    this.type = problem?.type ?? '';
    this.problem = problem ?? {};
    this.retryAfter = retryAfter;  // seconds, for 429 and 503
  }

  is(type) {
    return this.type === 'urn:famichat:problem:' + type;
  }

  /** Field errors of a validation problem: {field: message}. */
  fields() {
    return Object.fromEntries((this.problem.errors ?? []).map(error => [error.field, error.message]));
  }
}

/** extra: more request headers (the recovery request's Recovery-Secret). */
export async function api(method, path, body, extra = {}) {
  const headers = {Accept: 'application/json', ...extra};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = session.token();
  if (token) headers.Authorization = 'Bearer ' + token;
  let response;
  try {
    response = await fetch(new URL(path, root), {
      method, headers, cache: 'no-store', credentials: 'omit',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, {title: 'No connection', detail: 'The server could not be reached.'}, 0);
  }
  const json = (response.headers.get('Content-Type') ?? '').includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    if (response.status === 401 && token) session.ended();
    throw new ApiError(response.status, json, Number(response.headers.get('Retry-After')) || 0);
  }
  return json;
}

/** A sentence for people, for an error the user's action ran into. */
export function explain(error) {
  if (!(error instanceof ApiError)) return 'Something went wrong. Please try again.';
  if (error.status === 0) return 'No connection to the server. Check your network and try again.';
  if (error.is('rate-limited')) {
    return `Too many attempts. Please wait ${error.retryAfter ? error.retryAfter + ' seconds' : 'a little'} and try again.`;
  }
  if (error.is('unavailable')) return 'The server is busy or restarting. Please try again in a moment.';
  if (error.status >= 500) return 'The server had a problem. Please try again later.';
  const fields = Object.values(error.fields());
  return fields.length ? fields.join('; ') : (error.problem.detail || error.problem.title || 'The request was refused.');
}

/** Shows a problem in a view's error box as an alert (a string as it is, an error explained), or clears the box. */
export function showProblem(box, problem) {
  render(box, problem ? h('p', {role: 'alert', class: 'error'}, typeof problem === 'string' ? problem : explain(problem)) : null);
}
