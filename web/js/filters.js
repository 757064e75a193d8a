// The filter panel (a date range and the facets of the answer) and the sort menu. The panel is a
// disclosure: open on wide screens, closed on narrow ones (the results come first), opened and
// closed by its button. Redrawing the facets keeps keyboard focus on the control that had it.
import { $, bdi, el, faNum } from './dom.js';
import {
  FACETS, SORT_DEFAULT, appliedSort, current, filterCount, isSelected, navigate, toggledFacet,
} from './state.js';

const els = {
  panel: $('facets'),
  toggle: $('filters-toggle'),
  active: $('filters-active'),
  body: $('filters-body'),
  groups: $('facet-groups'),
  dateFilter: $('date-filter'),
  from: $('from'),
  to: $('to'),
  dateClear: $('date-clear'),
  sortControl: $('sort-control'),
  sort: $('sort'),
};

const FACET_TITLES = { source: 'منبع', category: 'دسته', month: 'ماه' };
const SHOWN_ITEMS = 8; // a group shows this many values until "all" is asked
const narrow = window.matchMedia('(max-width: 40rem)');
const openGroups = new Set(); // groups showing all their values
let lastFacets = null; // the facets drawn, redrawn when a group shows more or fewer values

function setOpen(open) {
  els.toggle.setAttribute('aria-expanded', String(open));
  els.body.hidden = !open;
}

// A stable name for each focusable control of the facets, so focus can find it again.
const keyOf = (name, item) => `${name}\u001f${name === 'month' ? item.key : item.value}`;

function facetItem(name, item, s) {
  const li = el('li', 'facet-item');
  const label = el('label');
  const box = el('input');
  box.type = 'checkbox';
  box.checked = isSelected(s, name, item);
  box.dataset.key = keyOf(name, item);
  box.addEventListener('change', () => navigate(toggledFacet(current(), name, item)));
  label.append(box, bdi('facet-label', name === 'month' ? item.label : item.value),
               el('span', 'facet-count', faNum(item.count)));
  li.append(label);
  return li;
}

function facetGroup(name, items, s) {
  const all = openGroups.has(name);
  const fieldset = el('fieldset', 'facet-group');
  fieldset.dataset.facet = name;
  fieldset.append(el('legend', '', FACET_TITLES[name]));
  const list = el('ul', 'facet-list');
  items.forEach((item, i) => {
    if (all || i < SHOWN_ITEMS || isSelected(s, name, item)) list.append(facetItem(name, item, s));
  });
  fieldset.append(list);
  if (items.length > SHOWN_ITEMS) {
    const more = el('button', 'button-quiet facet-more',
                    all ? 'نمایش کمتر' : `نمایش همه (${faNum(items.length)})`);
    more.type = 'button';
    more.dataset.key = `more\u001f${name}`;
    more.setAttribute('aria-expanded', String(all));
    more.addEventListener('click', () => {
      if (all) openGroups.delete(name);
      else openGroups.add(name);
      renderFacets(lastFacets, current());
    });
    fieldset.append(more);
  }
  return fieldset;
}

// Draws the facet groups of an answer; focus stays on the same control (or, when its value is
// gone, on the panel's button) if it was in the panel.
function renderFacets(facets, s) {
  lastFacets = facets;
  const focused = els.groups.contains(document.activeElement) ? document.activeElement.dataset.key : null;
  els.groups.replaceChildren();
  for (const name of FACETS) {
    const items = facets && Array.isArray(facets[name]) ? facets[name] : [];
    if (items.length) els.groups.append(facetGroup(name, items, s));
  }
  if (focused === undefined || focused === null) return;
  const same = [...els.groups.querySelectorAll('[data-key]')].find((n) => n.dataset.key === focused);
  (same || els.toggle).focus({ preventScroll: true });
}

function renderActiveCount(s) {
  const n = filterCount(s);
  els.active.textContent = n ? ` (${faNum(n)} پالایهٔ فعال)` : '';
}

// Draws the panel and the sort menu for an answer of GET /api/search.
export function renderFilters(data, s) {
  renderFacets(data.facets, s);
  renderActiveCount(s);
  els.from.value = s.from;
  els.to.value = s.to;
  els.dateFilter.hidden = false;
  els.panel.hidden = false;
  document.body.classList.add('has-filters');

  // The order the answer is in: an empty query lists the newest, whatever the URL says.
  const sort = appliedSort(data);
  for (const option of els.sort.options) {
    option.disabled = data.query === '' && (option.value === 'relevance' || option.value === 'recent');
  }
  els.sort.value = sort;
  els.sortControl.hidden = false;
}

// After an error: no stale facets or sort menu. The date range stays when the error is about it,
// so the reader can correct it.
export function clearFilters(s, { keepDates }) {
  renderFacets(null, s);
  renderActiveCount(s);
  els.sortControl.hidden = true;
  els.from.value = s.from;
  els.to.value = s.to;
  els.dateFilter.hidden = !keepDates;
  els.panel.hidden = !keepDates;
  document.body.classList.toggle('has-filters', keepDates);
}

export function initFilters() {
  setOpen(!narrow.matches);
  narrow.addEventListener('change', () => setOpen(!narrow.matches));
  els.toggle.addEventListener('click', () => {
    setOpen(els.toggle.getAttribute('aria-expanded') !== 'true');
  });

  els.sort.addEventListener('change', () => {
    navigate({ ...current(), page: 1, sort: els.sort.value === SORT_DEFAULT ? '' : els.sort.value });
  });
  els.dateFilter.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate({ ...current(), page: 1, from: els.from.value.trim(), to: els.to.value.trim() },
             { focus: true });
  });
  els.dateClear.addEventListener('click', () => {
    navigate({ ...current(), page: 1, from: '', to: '' }, { focus: true });
  });
}
