// Kavosh — the search page. Native ES modules, no dependencies, no build step:
//   state.js    the URL as the page's state, history
//   api.js      the JSON API of docs/api.md, and its errors
//   dom.js      elements, Persian numbers and dates, marks from highlight spans
//   render.js   the results column
//   filters.js  the filter panel and the sort menu
//   errors.js   error code and parameter → Persian text
//   suggest.js  autocomplete
// This module runs a search for the current state and wires the page's events.
import * as api from './api.js';
import { $, faNum } from './dom.js';
import { describeError } from './errors.js';
import { clearFilters, initFilters, renderFilters } from './filters.js';
import { renderError, renderResults, setBusy } from './render.js';
import {
  apiParams, current, fromUrl, navigate, setCurrent, setNavigateHandler,
} from './state.js';
import { closeSuggestions, initSuggest } from './suggest.js';

const els = { form: $('search-form'), q: $('q') };
const BASE_TITLE = document.title;

const cache = new Map(); // API query → answer, so Back and Forward redraw at once
const CACHE_SIZE = 30;
let controller = null; // AbortController of the search in flight

function draw(data, s, { focus }) {
  renderFilters(data, s);
  renderResults(data, s, { focus });
}

function fail(err, s) {
  const info = describeError(err, s);
  const aboutDates = err instanceof api.ApiError
    && (err.code === 'date_order' || err.param === 'from' || err.param === 'to');
  clearFilters(s, { keepDates: aboutDates });
  renderError(info, {
    onRetry: () => run(current(), { focus: true }),
    keepFocus: document.activeElement === els.q,
  });
}

// Shows state `s`: its answer from the cache, or from the API.
async function run(s, { focus = false } = {}) {
  setCurrent(s);
  if (document.activeElement !== els.q || els.q.value.trim() !== s.q) els.q.value = s.q;
  closeSuggestions();
  const pageTitle = s.page > 1 ? ` — صفحهٔ ${faNum(s.page)}` : '';
  document.title = s.q ? `${s.q}${pageTitle} — کاوش` : BASE_TITLE;
  document.body.classList.toggle('has-query', Boolean(s.q));

  if (controller) controller.abort();
  const params = apiParams(s);
  const key = params.toString();
  if (cache.has(key)) {
    controller = null;
    setBusy(false);
    draw(cache.get(key), s, { focus });
    return;
  }

  const ctrl = new AbortController();
  controller = ctrl;
  setBusy(true);
  let data;
  try {
    data = await api.search(params, ctrl.signal);
  } catch (err) {
    if (ctrl !== controller || api.isAbort(err)) return;
    controller = null;
    setBusy(false);
    fail(err, s);
    return;
  }
  if (ctrl !== controller) return; // a newer search has started
  controller = null;
  setBusy(false);
  cache.set(key, data);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value);
  draw(data, s, { focus });
}

setNavigateHandler(run);
initFilters();
initSuggest();

els.form.addEventListener('submit', (event) => {
  event.preventDefault();
  // A new query starts at page 1 and keeps the filters and the sort.
  navigate({ ...current(), q: els.q.value.trim(), page: 1 });
});

window.addEventListener('popstate', () => run(fromUrl()));

// "/" anywhere outside a text field goes to the search box.
document.addEventListener('keydown', (event) => {
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
  const t = event.target;
  if (t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement
      || (t instanceof HTMLElement && t.isContentEditable)) return;
  event.preventDefault();
  els.q.focus();
  els.q.select();
});

run(current());
if (!current().q) els.q.focus();
