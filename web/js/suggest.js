// Autocomplete for the search box: GET /api/suggest completes the word being typed; the strings
// are shown as the API gives them, in a listbox driven from the box (combobox pattern).
import * as api from './api.js';
import { $, el } from './dom.js';
import { current, navigate } from './state.js';

const SUGGEST_DELAY_MS = 120;

const els = { q: $('q'), list: $('suggestions') };
let timer = 0;
let controller = null;
let active = -1;

export function closeSuggestions() {
  clearTimeout(timer);
  if (controller) controller.abort();
  controller = null;
  els.list.hidden = true;
  els.list.replaceChildren();
  els.q.setAttribute('aria-expanded', 'false');
  els.q.removeAttribute('aria-activedescendant');
  active = -1;
}

async function fetchSuggestions(text) {
  if (controller) controller.abort();
  const ctrl = new AbortController();
  controller = ctrl;
  try {
    const texts = await api.suggest(text, ctrl.signal);
    if (ctrl !== controller || document.activeElement !== els.q) return;
    show(texts);
  } catch {
    // no completions this time (aborted, or the server could not answer)
  }
}

function show(texts) {
  els.list.replaceChildren();
  active = -1;
  els.q.removeAttribute('aria-activedescendant');
  texts.forEach((text, i) => {
    const li = el('li', 'suggestion', text);
    li.id = `suggestion-${i}`;
    li.dir = 'auto';
    li.setAttribute('role', 'option');
    li.setAttribute('aria-selected', 'false');
    li.addEventListener('mousedown', (event) => event.preventDefault()); // keep focus in the box
    li.addEventListener('click', () => choose(text));
    els.list.append(li);
  });
  const open = texts.length > 0;
  els.list.hidden = !open;
  els.q.setAttribute('aria-expanded', String(open));
}

function move(delta) {
  const options = els.list.children;
  if (els.list.hidden || !options.length) return false;
  active = (active + delta + options.length + 1) % (options.length + 1);
  if (active === options.length) active = -1; // back to what was typed
  [...options].forEach((o, i) => o.setAttribute('aria-selected', String(i === active)));
  if (active >= 0) {
    els.q.setAttribute('aria-activedescendant', options[active].id);
    options[active].scrollIntoView({ block: 'nearest' });
  } else {
    els.q.removeAttribute('aria-activedescendant');
  }
  return true;
}

function choose(text) {
  closeSuggestions();
  els.q.value = text;
  navigate({ ...current(), q: text.trim(), page: 1 });
}

export function initSuggest() {
  els.q.addEventListener('input', () => {
    clearTimeout(timer);
    // As typed (a trailing space says the word is finished: the API then suggests nothing).
    const text = els.q.value.trimStart();
    if (!text.trim()) {
      closeSuggestions();
      return;
    }
    timer = setTimeout(() => fetchSuggestions(text), SUGGEST_DELAY_MS);
  });

  els.q.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (move(event.key === 'ArrowDown' ? 1 : -1)) event.preventDefault();
    } else if (event.key === 'Enter' && active >= 0) {
      event.preventDefault();
      choose(els.list.children[active].textContent);
    } else if (event.key === 'Escape' && !els.list.hidden) {
      event.preventDefault(); // close the list, keep the text
      closeSuggestions();
    }
  });

  els.q.addEventListener('blur', () => setTimeout(closeSuggestions, 100));
}
