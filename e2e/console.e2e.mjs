// End-to-end test of the web console in headless Chromium against the real suite (scripts/e2e starts it).
// A person's path through the console: register, a wrong password, log in, upload a generated CSV, wait for it to
// be processed, download it back, ask a question the built-in analyst answers, and check the numbers in the page
// against the ones computed here from the same CSV; then the chart, the history, search, a follow-up in the reopened
// conversation, a narrow screen and logging out.
//
// Environment: E2E_BASE_URL (the gateway), E2E_TOOLS (the folder where playwright-core is installed),
// E2E_ARTIFACTS (screenshots and logs), E2E_CHROMIUM (the browser, default /usr/bin/chromium).

import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const BASE = (process.env.E2E_BASE_URL ?? 'http://127.0.0.1:18080').replace(/\/$/, '');
const TOOLS = process.env.E2E_TOOLS ?? path.resolve('.run/tools/e2e');
const OUT = process.env.E2E_ARTIFACTS ?? path.resolve('.run/e2e');
const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
const { chromium } = createRequire(path.join(TOOLS, 'package.json'))('playwright-core');

const REGIONS = ['North', 'South', 'East', 'West', 'Central'];
const PRODUCTS = ['Widget', 'Gadget', 'Gizmo', 'Doohickey'];
const ROWS = 240;
const QUESTION = 'total revenue by region';

// ------------------------------------------------------------------------------------------------ the data

/** A small deterministic PRNG (mulberry32), so a failing run can be reproduced with the same file. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The CSV and what "total revenue by region" must answer, in cents so that the sums are exact. */
function salesData(seed) {
  const next = random(seed);
  const cents = new Map(REGIONS.map((r) => [r, 0]));
  const lines = ['order_id,order_date,region,product,units,revenue'];
  for (let i = 1; i <= ROWS; i += 1) {
    const region = REGIONS[Math.floor(next() * REGIONS.length)];
    const product = PRODUCTS[Math.floor(next() * PRODUCTS.length)];
    const units = 1 + Math.floor(next() * 20);
    const revenue = 500 + Math.floor(next() * 250000); // cents: 5.00 to 2504.99
    const day = 1 + Math.floor(next() * 28);
    const month = 1 + Math.floor(next() * 6);
    cents.set(region, cents.get(region) + revenue);
    lines.push(`${i},2024-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')},${region},${product},${units},${(revenue / 100).toFixed(2)}`);
  }
  return { csv: `${lines.join('\n')}\n`, cents };
}

/** The text the console shows for a number (text.js formatValue in the en-US locale). */
function shown(cents) {
  const value = cents / 100;
  return new Intl.NumberFormat('en-US', Number.isInteger(value) ? { maximumFractionDigits: 0 } : { maximumFractionDigits: 2 }).format(value);
}

// ------------------------------------------------------------------------------------------------ harness

const results = [];
const consoleLines = [];
const pageErrors = [];
const started = Date.now();

function check(condition, message) {
  if (!condition) throw new Error(message);
}

function equal(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

async function step(name, action) {
  const t0 = Date.now();
  try {
    await action();
    results.push({ name, ok: true });
    console.log(`  ✔ ${name} (${Date.now() - t0} ms)`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(`  ✘ ${name} (${Date.now() - t0} ms)`);
    error.step = name;
    throw error;
  }
}

/** The result table of the last finished answer: {header, rows} as the page shows them. */
async function answerTable(page) {
  const table = page.locator('#chat-log .msg-assistant[data-state="done"] table.result-table').last();
  await table.waitFor();
  const header = await table.locator('thead th .col-name').allTextContents();
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
  return { header, rows };
}

/** Asserts that the table shows exactly one row per region with the expected total. */
function assertTotals(table, cents, where) {
  const regionColumn = table.header.indexOf('region');
  const revenueColumn = table.header.findIndex((h) => /revenue/.test(h));
  check(regionColumn >= 0 && revenueColumn >= 0, `${where}: the table has no region and revenue columns: ${JSON.stringify(table.header)}`);
  const got = Object.fromEntries(table.rows.map((r) => [r[regionColumn], r[revenueColumn]]));
  const expected = Object.fromEntries([...cents].filter(([, c]) => c > 0).map(([r, c]) => [r, shown(c)]));
  equal(table.rows.length, Object.keys(expected).length, `${where}: rows`);
  for (const region of Object.keys(expected).sort()) {
    equal(got[region], expected[region], `${where}: total revenue of ${region}`);
  }
}

// ------------------------------------------------------------------------------------------------ the scenario

async function scenario(page, context) {
  const seed = Number(process.env.E2E_SEED ?? Date.now() % 100000);
  const { csv, cents } = salesData(seed);
  const username = `e2e-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
  const password = `pw-${Math.random().toString(36).slice(2)}-long`;
  console.log(`  seed ${seed}, user ${username}, ${ROWS} rows; expected totals: ${[...cents].map(([r, c]) => `${r} ${shown(c)}`).join(', ')}`);

  const responses = [];
  page.on('response', (r) => responses.push(r));

  await step('the console loads: page revalidated, assets fingerprinted and immutable, CSP set', async () => {
    const response = await page.goto(BASE, { waitUntil: 'load' });
    equal(response.status(), 200, 'status of /');
    const headers = response.headers();
    equal(headers['cache-control'], 'no-cache', 'Cache-Control of the page');
    check(headers.etag, 'the page has an ETag');
    check(/script-src 'self'/.test(headers['content-security-policy'] ?? ''), `CSP: ${headers['content-security-policy']}`);
    await page.locator('#login-form').waitFor();
    const assets = responses.filter((r) => /\.(js|css|svg)$/.test(new URL(r.url()).pathname) && new URL(r.url()).origin === BASE);
    const app = assets.find((r) => /\/app\.[0-9a-f]{10}\.js$/.test(r.url()));
    check(app, `the page loads app.<hash>.js: ${assets.map((r) => r.url()).join(', ')}`);
    for (const r of assets) {
      check(/\.[0-9a-f]{10}\.(js|css|svg)$/.test(r.url()), `not fingerprinted: ${r.url()}`);
      equal(r.headers()['cache-control'], 'public, max-age=31536000, immutable', `Cache-Control of ${r.url()}`);
      check(r.headers().etag, `no ETag on ${r.url()}`);
    }
  });

  await step('register a new account', async () => {
    await page.fill('#register-username', username);
    await page.fill('#register-password', password);
    await page.click('#register-form button[type="submit"]');
    await page.locator('#register-done', { hasText: username }).waitFor();
    equal(await page.inputValue('#login-username'), username, 'login name prefilled');
  });

  await step('a wrong password shows the server\'s problem detail', async () => {
    const direct = await fetch(`${BASE}/api/auth/login`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: `${password}x` }),
    });
    equal(direct.status, 401, 'status of a wrong password');
    check(/problem\+json/.test(direct.headers.get('content-type')), 'problem+json');
    const detail = (await direct.json()).detail;
    check(detail, 'the 401 has a detail');
    await page.fill('#login-password', `${password}-wrong`);
    await page.click('#login-form button[type="submit"]');
    await page.locator('#login-error', { hasText: detail }).waitFor();
    equal((await page.textContent('#login-error')).trim(), detail, 'the error shown');
    check(await page.locator('#auth-view').isVisible(), 'still on the login form');
  });

  await step('log in: the session is an HttpOnly cookie, nothing in web storage', async () => {
    await page.fill('#login-password', password);
    await page.click('#login-form button[type="submit"]');
    await page.locator('#app-view').waitFor();
    equal(await page.textContent('#whoami'), username, 'signed-in name');
    const cookies = await context.cookies(BASE);
    const session = cookies.find((c) => c.name === 'insight_session');
    check(session && session.httpOnly && session.sameSite === 'Strict', `session cookie: ${JSON.stringify(session)}`);
    equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0, 'items in web storage');
  });

  await step('upload a CSV with a progress bar; it becomes READY', async () => {
    await page.setInputFiles('#upload-input', { name: 'sales-e2e.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.click('#upload-button');
    await page.locator('#upload-progress[data-state="done"]').waitFor();
    equal(await page.locator('#upload-bar').evaluate((bar) => bar.value), 100, 'progress at the end');
    await page.locator('#file-list li.file[data-status="READY"]', { hasText: 'sales-e2e.csv' }).waitFor({ timeout: 60_000 });
    check(await page.locator('#files-in-play-list input[type="checkbox"]').first().isChecked(), 'the new file is in play');
  });

  await step('the original file downloads through the gateway, byte for byte and with its length', async () => {
    const id = await page.getAttribute('#upload-progress', 'data-file-id');
    check(id, 'the uploaded file id is known');
    const response = await page.request.get(`${BASE}/api/files/${encodeURIComponent(id)}/content`);
    equal(response.status(), 200, 'download status');
    equal(response.headers()['content-length'], String(Buffer.byteLength(csv)), 'Content-Length');
    check(!response.headers()['transfer-encoding'], `not chunked: ${response.headers()['transfer-encoding']}`);
    equal((await response.body()).toString('utf8'), csv, 'the downloaded bytes');
  });

  await step('the file summary shows its rows and column statistics', async () => {
    await page.click('#file-list button[data-action="summary"]');
    await page.locator('#summary-dialog[open] [data-fact="rowCount"]').waitFor();
    equal(await page.textContent('#summary-dialog [data-fact="rowCount"]'), String(ROWS), 'rows in the summary');
    for (const column of ['order_id', 'order_date', 'region', 'product', 'units', 'revenue']) {
      check(await page.locator(`#summary-dialog tr[data-column="${column}"]`).count() === 1, `summary row for ${column}`);
    }
    const distinct = await page.locator('#summary-dialog tr[data-column="region"] td').nth(2).textContent();
    equal(distinct, String([...cents.values()].filter((c) => c > 0).length), 'distinct regions');
    await page.click('#summary-close');
    await page.locator('#summary-dialog[open]').waitFor({ state: 'detached' }).catch(() => {});
    check(!(await page.locator('#summary-dialog').evaluate((d) => d.open)), 'the dialog closed');
  });

  let conversationId;
  await step(`ask "${QUESTION}": the answer streams and the table shows exactly the expected totals`, async () => {
    await page.fill('#question', QUESTION);
    const stream = page.waitForResponse((r) => r.url().endsWith('/api/chat/stream'));
    await page.click('#ask-button');
    const response = await stream;
    equal(response.status(), 200, 'status of the stream');
    check(/^text\/event-stream/.test(response.headers()['content-type'] ?? ''), `stream type: ${response.headers()['content-type']}`);
    const answer = page.locator('#chat-log .msg-assistant').last();
    await page.waitForFunction(() => {
      const last = [...document.querySelectorAll('#chat-log .msg-assistant')].pop();
      return last && last.dataset.state !== 'streaming';
    }, null, { timeout: 60_000 });
    const state = await answer.getAttribute('data-state');
    check(state === 'done', `the answer ended in state ${state}: ${await answer.textContent()}`);
    const text = await answer.locator('.answer').textContent();
    check(REGIONS.some((r) => text.includes(r)), `the answer names the regions: ${text}`);
    assertTotals(await answerTable(page), cents, 'answer table');
    check(/revenue/i.test(await answer.locator('details.sql code').textContent()), 'the SQL is shown');
    conversationId = await page.getAttribute('#chat-log', 'data-conversation-id');
    check(conversationId, 'the conversation id is known');
  });

  await step('a bar chart of the result is drawn', async () => {
    const chart = page.locator('#chat-log .msg-assistant').last().locator('.chart');
    equal(await chart.getAttribute('data-kind'), 'bar', 'chart kind');
    await chart.locator('svg, canvas').first().waitFor({ timeout: 15_000 });
    const shapes = await chart.locator('svg path, svg rect').count();
    check(shapes >= REGIONS.length, `the chart has ${shapes} shapes`);
    const library = responses.find((r) => /\/webjars\/echarts\/[0-9.]+\/dist\/echarts\.esm\.min\.js$/.test(r.url()));
    check(library, 'ECharts came from /webjars/echarts/<version>/dist/echarts.esm.min.js');
    equal(library.status(), 200, `status of ${library.url()}`);
    equal(library.headers()['cache-control'], 'public, max-age=31536000, immutable', `Cache-Control of ${library.url()}`);
  });

  await step('the conversation is in the history', async () => {
    const item = page.locator(`#conversation-list button[data-conversation-id="${conversationId}"]`);
    await item.waitFor();
    check((await item.textContent()).includes(QUESTION), `history entry: ${await item.textContent()}`);
    equal(await item.getAttribute('aria-current'), 'true', 'the current conversation is marked');
  });

  await step('search finds it, with a highlighted snippet, and opens it with the same table', async () => {
    await page.click('#new-conversation');
    await page.locator('#chat-log .msg').first().waitFor({ state: 'detached' });
    await page.fill('#search-input', 'revenue region');
    await page.click('#search-form button[type="submit"]');
    const hit = page.locator(`#search-list button.hit[data-conversation-id="${conversationId}"]`).first();
    await hit.waitFor();
    check(await hit.locator('.snippet mark').count() > 0, 'the snippet highlights the match');
    check(await hit.locator('.snippet *:not(mark)').count() === 0, 'nothing but <mark> in the snippet');
    await hit.click();
    await page.locator('#chat-log .msg-user', { hasText: QUESTION }).waitFor();
    assertTotals(await answerTable(page), cents, 'reopened conversation');
    await page.locator('#chat-log .msg-assistant').last().locator('.chart svg, .chart canvas').first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(OUT, 'console-1280.png'), fullPage: true });
  });

  await step('a follow-up in the reopened conversation is read as the question before with one change', async () => {
    await page.fill('#question', 'what about the West?');
    await page.click('#ask-button');
    await page.waitForFunction(() => {
      const all = [...document.querySelectorAll('#chat-log .msg-assistant')];
      return all.length >= 2 && all[all.length - 1].dataset.state !== 'streaming';
    }, null, { timeout: 60_000 });
    const answer = page.locator('#chat-log .msg-assistant').last();
    equal(await answer.getAttribute('data-state'), 'done', 'state of the follow-up answer');
    const text = await answer.locator('.answer').textContent();
    check(text.startsWith(`Reading this as \u201c${QUESTION} for West\u201d.`), `the answer says how it read the follow-up: ${text}`);
    equal(await page.getAttribute('#chat-log', 'data-conversation-id'), conversationId, 'the conversation of the follow-up');
    assertTotals(await answerTable(page), new Map([['West', cents.get('West')]]), 'follow-up table');
  });

  await step('on a narrow screen nothing overflows sideways', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 0, `the page is ${overflow}px wider than the screen`);
    check(await page.locator('#question').isVisible(), 'the question box is there');
    await page.screenshot({ path: path.join(OUT, 'console-390.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  await step('log out: back to the login form, and the session is gone', async () => {
    await page.click('#logout');
    await page.locator('#auth-view').waitFor();
    check(!(await page.locator('#app-view').isVisible()), 'the workspace is hidden');
    equal(await page.evaluate(async () => (await fetch('/api/auth/me')).status), 401, 'GET /api/auth/me after logout');
  });

  await step('no script errors and no Content-Security-Policy violations', async () => {
    check(pageErrors.length === 0, `page errors: ${pageErrors.join(' | ')}`);
    const csp = consoleLines.filter((l) => /Content Security Policy|Refused to/i.test(l));
    check(csp.length === 0, `CSP violations: ${csp.join(' | ')}`);
  });
}

// ------------------------------------------------------------------------------------------------ main

async function main() {
  mkdirSync(OUT, { recursive: true });
  console.log(`console e2e against ${BASE} with ${CHROMIUM}`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Playwright gives each launch a fresh, empty profile (its own --user-data-dir in a temporary folder)
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  let failure = null;
  let page;
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'UTC' });
    context.setDefaultTimeout(20_000);
    page = await context.newPage();
    page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('dialog', (d) => d.accept());
    await scenario(page, context);
  } catch (error) {
    failure = error;
  }
  if (failure) {
    console.error(`\nFAILED${failure.step ? ` in "${failure.step}"` : ''}: ${failure.stack ?? failure}`);
    if (page) {
      await page.screenshot({ path: path.join(OUT, 'failure.png'), fullPage: true }).catch(() => {});
      writeFileSync(path.join(OUT, 'failure.html'), await page.content().catch(() => ''));
      console.error(`screenshot: ${path.join(OUT, 'failure.png')}, page: ${path.join(OUT, 'failure.html')}`);
    }
  }
  writeFileSync(path.join(OUT, 'browser-console.log'), `${consoleLines.concat(pageErrors.map((e) => `[pageerror] ${e}`)).join('\n')}\n`);
  await browser.close();
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed + (failure && !failure.step ? 1 : 0);
  console.log(`\ne2e: ${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
