// The page's state lives in the URL: q, page, and the filters source (repeatable), category, from,
// to and sort. Every change of state is a history entry, so links can be shared and Back/Forward
// work. This module reads and writes that state; it never talks to the API.

export const PER_PAGE = 10;
export const MAX_PAGE = 1000; // the API's limit on `page`
export const MAX_QUERY_BYTES = 2000; // the API's limit on `q`
export const FACETS = ['source', 'category', 'month']; // asked for, and shown, in this order
export const SORT_DEFAULT = 'relevance';

// The state drawn (or being fetched) now. Read it through `current()`.
let state = fromUrl();
let onNavigate = () => {};

export function current() {
  return state;
}

export function setCurrent(next) {
  state = next;
}

// What to do after the URL changed (main.js: run the search).
export function setNavigateHandler(handler) {
  onNavigate = handler;
}

export function fromUrl() {
  const p = new URLSearchParams(location.search);
  const rawPage = p.get('page');
  // A page that is not a number is page 1; a number out of range goes to the API, whose 400 the
  // page explains.
  const page = /^\d{1,9}$/.test(rawPage || '') ? Math.max(1, Number(rawPage)) : 1;
  return {
    q: (p.get('q') || '').trim(),
    page,
    source: p.getAll('source').filter(Boolean),
    category: p.get('category') || '',
    from: p.get('from') || '',
    to: p.get('to') || '',
    sort: p.get('sort') || '',
  };
}

export function hasFilters(s) {
  return s.source.length > 0 || Boolean(s.category || s.from || s.to);
}

// How many filters are on (a date range counts once).
export function filterCount(s) {
  return s.source.length + (s.category ? 1 : 0) + (s.from || s.to ? 1 : 0);
}

export function withoutFilters(s) {
  return { ...s, page: 1, source: [], category: '', from: '', to: '' };
}

function params(s, forApi) {
  const p = new URLSearchParams();
  if (s.q || forApi) p.set('q', s.q);
  if (s.page > 1 || forApi) p.set('page', String(s.page));
  for (const source of s.source) p.append('source', source);
  if (s.category) p.set('category', s.category);
  if (s.from) p.set('from', s.from);
  if (s.to) p.set('to', s.to);
  if (s.sort && s.sort !== SORT_DEFAULT) p.set('sort', s.sort);
  if (forApi) {
    p.set('per_page', String(PER_PAGE));
    p.set('facets', FACETS.join(','));
  }
  return p;
}

// The parameters of GET /api/search for a state.
export function apiParams(s) {
  return params(s, true);
}

export function urlOf(s) {
  const query = params(s, false).toString();
  return location.pathname + (query ? '?' + query : '');
}

// Makes `next` the current state: a new history entry (or the same one when nothing changed),
// then the handler (a search). `focus` asks to move keyboard focus to the results.
export function navigate(next, { focus = false } = {}) {
  const url = urlOf(next);
  if (url === location.pathname + location.search) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  onNavigate(next, { focus });
}

// The order a response was listed in. The API's `sort` is the order asked; with an empty query,
// `relevance` and `recent` list the newest first (docs/api.md, Sorting), so that is what the
// page says it shows.
export function appliedSort(data) {
  if (data.query === '' && (data.sort === 'relevance' || data.sort === 'recent')) return 'newest';
  return data.sort;
}

// ---- facets as filters ----

// Whether a facet value is one of the state's filters.
export function isSelected(s, name, item) {
  if (name === 'source') return s.source.includes(item.value);
  if (name === 'category') return s.category === item.value;
  if (name === 'month') return s.from === item.from && s.to === item.to;
  return false;
}

// The state after toggling one facet value. Facet items are as the API sends them:
// source/category {value, count}; month {key, label, from, to, count}.
export function toggledFacet(s, name, item) {
  const selected = isSelected(s, name, item);
  const next = { ...s, page: 1 };
  if (name === 'source') {
    next.source = selected ? s.source.filter((v) => v !== item.value) : [...s.source, item.value];
  } else if (name === 'category') {
    next.category = selected ? '' : item.value;
  } else if (name === 'month') {
    next.from = selected ? '' : item.from;
    next.to = selected ? '' : item.to;
  }
  return next;
}
