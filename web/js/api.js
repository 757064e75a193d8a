// The JSON API (docs/api.md), read exactly as documented. Every call resolves with the response
// object or rejects with an ApiError (the server answered with an error status, or an answer that
// is not JSON), a NetworkError (no answer at all), or the fetch's AbortError when aborted.

// An error answer: {"error": "<English message>", "code": "<machine code>", "param": "<name or
// empty>"}. `code` and `param` are "" when the answer had none (not JSON, or an older server).
export class ApiError extends Error {
  constructor(status, body) {
    const fields = body && typeof body === 'object' ? body : {};
    super(typeof fields.error === 'string' ? fields.error : '');
    this.name = 'ApiError';
    this.status = status;
    this.code = typeof fields.code === 'string' ? fields.code : '';
    this.param = typeof fields.param === 'string' ? fields.param : '';
  }
}

// The server could not be reached (down, or the network is).
export class NetworkError extends Error {
  constructor(cause) {
    super('network error', { cause });
    this.name = 'NetworkError';
  }
}

export const isAbort = (err) => Boolean(err) && err.name === 'AbortError';

async function getJson(path, params, signal) {
  const url = params && params.toString() ? `${path}?${params}` : path;
  let res;
  try {
    res = await fetch(url, { signal, headers: { Accept: 'application/json' } });
  } catch (err) {
    if (isAbort(err)) throw err;
    throw new NetworkError(err);
  }
  let body = null;
  try {
    body = await res.json();
  } catch (err) {
    if (isAbort(err)) throw err;
    // not JSON: an ApiError below, with no code
  }
  if (!res.ok || !body || typeof body !== 'object') throw new ApiError(res.status, body);
  return body;
}

// GET /api/search: {query, total, total_exact, page, per_page, took_ms, sort, collapse, source,
// category, from, to, suggestion, facets (when asked), hits}.
export async function search(params, signal) {
  const data = await getJson('/api/search', params, signal);
  if (!Array.isArray(data.hits)) throw new ApiError(200, null);
  return data;
}

// GET /api/doc/{id}/similar?source=: {id, source, total, hits}. An id is unique only within its
// source, so the hit's source is always sent.
export async function similar(id, source, signal) {
  const params = new URLSearchParams(source ? { source } : {});
  const data = await getJson(`/api/doc/${encodeURIComponent(id)}/similar`, params, signal);
  if (!Array.isArray(data.hits)) throw new ApiError(200, null);
  return data;
}

// GET /api/suggest?q=: {query, suggestions: [string, ...]}; resolves with the strings.
export async function suggest(q, signal) {
  const data = await getJson('/api/suggest', new URLSearchParams({ q }), signal);
  return Array.isArray(data.suggestions) ? data.suggestions.filter((t) => typeof t === 'string') : [];
}
