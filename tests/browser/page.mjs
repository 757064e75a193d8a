// What the browser tests share: the running world (server, browser, database) that
// search.test.mjs sets up, and helpers to open the page and wait for it. Every request goes to
// the real kavosh-server; nothing here answers for it.
import assert from 'node:assert/strict';

import { artifactPath } from './harness.mjs';

export const DESKTOP = { width: 1100, height: 820 };
export const PHONE = { width: 390, height: 844 };
export const PERSIAN_DIGIT = /[۰-۹]/;

// Set up by search.test.mjs before any test runs.
export const world = { tmp: null, server: null, browser: null };

// A new page in a fresh context. Requests that would leave 127.0.0.1 (the articles' own sites)
// are answered by a stub, so following a result's link stays on this machine. Uncaught page
// errors fail the test that made them.
export async function openPage(t, options = {}) {
  const context = await world.browser.newContext({
    viewport: DESKTOP,
    locale: 'fa-IR',
    timezoneId: 'Asia/Tehran',
    colorScheme: 'light',
    reducedMotion: 'reduce',
    ...options,
  });
  context.setDefaultTimeout(10_000);
  await context.route((url) => url.hostname !== '127.0.0.1', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8',
                    body: '<!DOCTYPE html><title>article</title><p>the article</p>' }));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err));
  t.after(async () => {
    await context.close();
    assert.deepEqual(errors.map(String), [], 'uncaught errors on the page');
  });
  return page;
}

// Waits until the page has drawn the answer to its last search; returns the state drawn.
export async function settled(page) {
  await page.waitForFunction(() => {
    const s = document.getElementById('results-section');
    return s.getAttribute('aria-busy') === 'false' && !['idle', 'loading'].includes(s.dataset.state);
  });
  return page.locator('#results-section').getAttribute('data-state');
}

export async function goto(page, query = '') {
  await page.goto(world.server.base + '/' + query);
  return settled(page);
}

export const q = (text) => '?q=' + encodeURIComponent(text);

export async function search(page, text) {
  await page.fill('#q', text);
  await page.press('#q', 'Enter');
  return settled(page);
}

export const titles = (page) => page.locator('.hit-title').allTextContents();

export function searchParams(page) {
  return new URL(page.url()).searchParams;
}

export const activeId = (page) => page.evaluate(() => document.activeElement.id);

export async function shot(page, name) {
  const file = await artifactPath(name + '.png');
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: file });
  return file;
}

// GET /api/search on the test server, as the page would ask it.
export async function api(query) {
  const res = await fetch(`${world.server.base}/api/search?${new URLSearchParams(query)}`);
  assert.equal(res.status, 200);
  return res.json();
}

// Presses Tab until the focused element matches `selector`; returns what was focused on the way
// (each as its id, or tag and class).
export async function tabTo(page, selector, limit) {
  const passed = [];
  for (let i = 0; i < limit; ++i) {
    await page.keyboard.press('Tab');
    const [hit, name] = await page.evaluate((s) => {
      const a = document.activeElement;
      return [a.matches(s), a.id || `${a.tagName.toLowerCase()}.${a.className}${a.type ? ':' + a.type : ''}`];
    }, selector);
    if (hit) return passed;
    passed.push(name);
  }
  assert.fail(`Tab never reached ${selector}; passed ${passed.join(', ')}`);
}
