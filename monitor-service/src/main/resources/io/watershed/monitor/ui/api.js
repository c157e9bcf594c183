// The monitor API as the pages use it: the signed-in token (kept in sessionStorage, so it ends
// with the browser tab), sent as "Authorization: Bearer <token>", and the API's one error shape.

const TOKEN_KEY = 'watershed.monitor.token';

export const session = {
  token() {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  signIn(token) {
    sessionStorage.setItem(TOKEN_KEY, token);
  },
  signOut() {
    sessionStorage.removeItem(TOKEN_KEY);
  },
};

/** An error answer: {error: {code, status, message, retriable, violations: [{field, rule, message, value}]}}. */
export class ApiError extends Error {
  constructor(status, body) {
    const error = (body && body.error) || {};
    super(error.message || `The service answered ${status}`);
    this.status = status;
    this.code = error.code || 'unknown';
    this.violations = Array.isArray(error.violations) ? error.violations : [];
  }

  /** A 404 because the server has no such route (an API this server does not have yet). */
  get noRoute() {
    return this.status === 404 && this.message.startsWith('Cannot route');
  }
}

/**
 * Calls the API; resolves with the parsed JSON (or text for non-JSON answers), rejects with an
 * ApiError. A 401 signs out and reports it to onUnauthenticated.
 *
 * @param {string} method
 * @param {string} path e.g. /v1/ubc-ids
 * @param {{json?: object, text?: string, contentType?: string, query?: object}} options
 */
export async function call(method, path, options = {}) {
  const headers = {Accept: 'application/json'};
  const token = session.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  let body;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.text !== undefined) {
    headers['Content-Type'] = options.contentType || 'text/plain';
    body = options.text;
  }
  let url = path;
  if (options.query) {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(options.query)) {
      if (value !== null && value !== undefined && value !== '') query.set(name, value);
    }
    const text = query.toString();
    if (text) url += `?${text}`;
  }
  let response;
  try {
    response = await fetch(url, {method, headers, body, cache: 'no-store'});
  } catch (failure) {
    throw new ApiError(0, {error: {code: 'unreachable', message: `Cannot reach the monitor service: ${failure.message}`}});
  }
  const type = response.headers.get('Content-Type') || '';
  const parsed = type.includes('json') ? await response.json().catch(() => null) : await response.text();
  if (!response.ok) {
    const error = new ApiError(response.status, typeof parsed === 'object' ? parsed : null);
    if (response.status === 401 && api.onUnauthenticated) api.onUnauthenticated(error);
    throw error;
  }
  return parsed;
}

/** The calls of the pages, one place to read what the UI uses. */
export const api = {
  onUnauthenticated: null,
  whoami: () => call('GET', '/v1/whoami'),
  ubcIds: () => call('GET', '/v1/ubc-ids'),
  ubcId: (id, version) => call('GET', `/v1/ubc-ids/${encodeURIComponent(id)}`, {query: {version}}),
  createUbcId: (body) => call('POST', '/v1/ubc-ids', {json: body}),
  putUbcId: (id, body) => call('PUT', `/v1/ubc-ids/${encodeURIComponent(id)}`, {json: body}),
  ubcIdVersions: (id) => call('GET', `/v1/ubc-ids/${encodeURIComponent(id)}/versions`, {query: {limit: 200}}),
  putDimension: (id, slot, body) =>
    call('PUT', `/v1/ubc-ids/${encodeURIComponent(id)}/dimensions/${slot}`, {json: body}),
  deleteDimension: (id, slot) => call('DELETE', `/v1/ubc-ids/${encodeURIComponent(id)}/dimensions/${slot}`),
  audit: (query) => call('GET', '/v1/audit', {query}),
  agents: () => call('GET', '/v1/agents'),
  configs: () => call('GET', '/v1/collector-configs'),
  config: (group, version) =>
    call('GET', `/v1/collector-configs/${encodeURIComponent(group)}`, {query: {version}}),
  putConfig: (group, format, document) =>
    call('PUT', `/v1/collector-configs/${encodeURIComponent(group)}`, {
      text: document,
      contentType: format === 'json' ? 'application/json' : 'application/yaml',
    }),
  series: (query) => call('GET', '/v1/series', {query}),
  pipeline: () => call('GET', '/v1/pipeline'),
};
