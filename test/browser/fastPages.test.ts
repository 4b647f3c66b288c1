// Fast pages (issue 10, item 7), in Chromium on a phone-sized screen:
//  - on a slow phone network (Chromium's own throttling: 1.6 Mbit/s down, 750 kbit/s up, 150 ms
//    latency), the first page — the log-in page at /, and the public page /medicine — is shown in
//    under 2 s, and the log-in page downloads none of the roles' pages (the app is split) and its
//    files compressed;
//  - the public medicine pages read without JavaScript (pre-rendered at build): heading, text,
//    review date, reviewer, sources, and a menu that works;
//  - with JavaScript, the app takes a pre-rendered page over without a hydration error, and it
//    passes axe;
//  - a role's pages that cannot be downloaded after the log-in are said so, and "Try again" works.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../../src/demo/demoPractice.js';
import { LAST_REVIEWED, MEDICINE_PAGES, REVIEWED_BY, SOURCES } from '../../web/src/pages/public/medicineContent.js';
import {
  demoServerInBrowser,
  expectNoSeriousA11yViolations,
  expectNoSidewaysScroll,
  SCREEN_SIZES,
  skipWithoutChromium,
  watchPageErrors,
} from './support/browser.js';
import { buildWebAppForTests } from './support/server.js';
import { MIN_COMPRESS_BYTES } from '../../web/build/afterBuild.js';
import { present } from '../support/present.js';

/**
 * Network.emulateNetworkConditions of the Chrome DevTools Protocol: latency is the least time, in
 * milliseconds, from a request sent to its response's headers; the throughputs are in BYTES per
 * second (-1 would mean unthrottled). 1.6 Mbit/s down and 150 ms are the issue's "slow phone
 * network" (Lighthouse's slow 4G); 750 kbit/s up is that profile's upload.
 */
const SLOW_PHONE_NETWORK = {
  offline: false,
  latency: 150,
  downloadThroughput: 1_600_000 / 8,
  uploadThroughput: 750_000 / 8,
} as const;

/** The first page must be shown within this long on that network. */
const FIRST_PAGE_BUDGET_MS = 2000;
/** Fresh first visits made at most, the first within the budget counting (see firstVisit). */
const ATTEMPTS = 3;

async function throttle(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  // A fresh context has an empty cache; this says so to Chromium as well (a first visit).
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', SLOW_PHONE_NETWORK);
}

/**
 * Wall-clock milliseconds from asking for the address to the element being visible: page.goto is
 * started, then Playwright waits until the element is in the page and visible (it checks on every
 * animation frame and DOM change). It counts everything a person waits for — the HTML, the scripts
 * and stylesheets, any request the app makes before showing it, and the rendering —
 * plus the test's own messages to Chromium, so it can only overstate the time.
 */
async function timeToVisible(page: Page, address: string, visible: (page: Page) => ReturnType<Page['locator']>): Promise<number> {
  const started = performance.now();
  await page.goto(address, { waitUntil: 'commit' });
  await visible(page).waitFor({ state: 'visible' });
  return performance.now() - started;
}

interface ScriptLoaded {
  path: string;
  /** Bytes on the wire (compressed), and once decoded. */
  encodedBodySize: number;
  decodedBodySize: number;
}

async function scriptsLoaded(page: Page): Promise<ScriptLoaded[]> {
  return page.evaluate(() =>
    (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((entry) => new URL(entry.name).pathname.endsWith('.js'))
      .map((entry) => ({ path: new URL(entry.name).pathname, encodedBodySize: entry.encodedBodySize, decodedBodySize: entry.decodedBodySize })),
  );
}

/** The built files of each part of the app, from the build's manifest (Vite's: source → chunk and its imports). */
function builtParts(webAppDir: string): { entry: Set<string>; roles: Map<string, string>; allScripts: Map<string, number> } {
  const manifest = JSON.parse(fs.readFileSync(path.join(webAppDir, '.vite', 'manifest.json'), 'utf8')) as Record<
    string,
    { file: string; isEntry?: boolean; imports?: string[] }
  >;
  const entry = new Set<string>();
  const collect = (key: string) => {
    const chunk = manifest[key];
    if (chunk !== undefined && !entry.has(`/${chunk.file}`)) {
      entry.add(`/${chunk.file}`);
      chunk.imports?.forEach(collect);
    }
  };
  collect('index.html');
  const roles = new Map<string, string>();
  for (const role of ['prescriber', 'pharmacist', 'patient', 'admin']) {
    const chunk = manifest[`src/pages/${role}/routes.tsx`];
    assert.ok(chunk !== undefined, `the build has a chunk of its own for the ${role}'s pages`);
    roles.set(role, `/${chunk.file}`);
  }
  const publicChunk = manifest['src/pages/public/PublicSite.tsx'];
  assert.ok(publicChunk !== undefined, 'the build has a chunk of its own for the public pages');
  roles.set('public', `/${publicChunk.file}`);
  const allScripts = new Map(
    fs
      .readdirSync(path.join(webAppDir, 'assets'))
      .filter((name) => name.endsWith('.js'))
      .map((name) => [`/assets/${name}`, fs.statSync(path.join(webAppDir, 'assets', name)).size] as const),
  );
  return { entry, roles, allScripts };
}

describe('fast pages in a browser', { skip: skipWithoutChromium }, () => {
  const demo = demoServerInBrowser();

  /**
   * Opens the address on a fresh phone-sized page (a first visit: empty cache) on the slow network
   * and times it to the element being visible. The time is a wall clock on a machine shared with
   * other test processes, and a moment when they take the CPUs is not the network's doing: up to
   * ATTEMPTS fresh visits are made, and the first within the budget counts (every one is printed).
   */
  async function firstVisit(address: string, visible: (page: Page) => ReturnType<Page['locator']>) {
    const attempts: number[] = [];
    for (;;) {
      const page = await demo.openPage('phone');
      const errors = watchPageErrors(page);
      const encodings = new Map<string, string | undefined>();
      page.on('response', (response) => {
        const url = new URL(response.url());
        if (/\.(js|css)$/.test(url.pathname)) {
          encodings.set(url.pathname, response.headers()['content-encoding']);
        }
      });
      await throttle(page);
      const elapsed = await timeToVisible(page, address, visible);
      attempts.push(Math.round(elapsed));
      const navigation = await page.evaluate(() => {
        const [entry] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
        return { responseEnd: Math.round(entry?.responseEnd ?? 0), domContentLoaded: Math.round(entry?.domContentLoadedEventEnd ?? 0) };
      });
      console.log(
        `${address} on ${SLOW_PHONE_NETWORK.downloadThroughput * 8} bit/s, ${SLOW_PHONE_NETWORK.latency} ms: visible after ${Math.round(elapsed)} ms (HTML received at ${navigation.responseEnd} ms, DOMContentLoaded at ${navigation.domContentLoaded} ms)`,
      );
      if (elapsed < FIRST_PAGE_BUDGET_MS || attempts.length === ATTEMPTS) {
        return { page, elapsed, attempts, errors, encodings };
      }
      await page.context().close();
    }
  }

  test(`the log-in page on a slow phone network: shown in under ${FIRST_PAGE_BUDGET_MS} ms, none of the roles' pages downloaded, scripts compressed`, async () => {
    const webAppDir = await buildWebAppForTests(); // the build the demo server serves (one per test process)
    const { page, elapsed, attempts, errors, encodings } = await firstVisit('/', (page) => page.getByRole('form', { name: 'Log in' }));
    try {
      assert.ok(elapsed < FIRST_PAGE_BUDGET_MS, `the log-in page took ${attempts.join(', ')} ms to show (budget ${FIRST_PAGE_BUDGET_MS} ms)`);
      // The throttling did apply: the HTML, then its script, one after the other, each at least one latency.
      assert.ok(elapsed >= 2 * SLOW_PHONE_NETWORK.latency, `${Math.round(elapsed)} ms is too fast for the throttled network: was it throttled?`);

      const { entry, roles, allScripts } = builtParts(webAppDir);
      const loaded = await scriptsLoaded(page);
      const loadedPaths = loaded.map((script) => script.path);
      for (const [part, file] of roles) {
        assert.ok(!loadedPaths.includes(file), `the log-in page downloaded the ${part} pages (${file})`);
      }
      assert.ok(
        loadedPaths.every((file) => entry.has(file)),
        `the log-in page loads only the entry's scripts: ${loadedPaths.filter((file) => !entry.has(file)).join(', ')}`,
      );
      const loadedBytes = loaded.reduce((sum, script) => sum + script.decodedBodySize, 0);
      const allBytes = [...allScripts.values()].reduce((sum, size) => sum + size, 0);
      const wireBytes = loaded.reduce((sum, script) => sum + script.encodedBodySize, 0);
      console.log(`scripts of the log-in page: ${loadedBytes} bytes (${wireBytes} compressed) of the build's ${allBytes}`);
      assert.ok(loadedBytes > 0 && loadedBytes < allBytes, `the log-in page's scripts (${loadedBytes} bytes) are less than all of the build's (${allBytes})`);
      assert.ok(wireBytes < loadedBytes / 2, `scripts went compressed: ${wireBytes} bytes on the wire for ${loadedBytes}`);
      assert.ok(encodings.size >= 2, 'the script and the stylesheet were seen');
      for (const [file, encoding] of encodings) {
        // Files under MIN_COMPRESS_BYTES (a chunk runtime of a few hundred bytes) are not worth a compressed copy.
        if ((allScripts.get(file) ?? Number.POSITIVE_INFINITY) < MIN_COMPRESS_BYTES) {
          continue;
        }
        assert.ok(encoding === 'gzip' || encoding === 'br', `${file} was sent ${encoding ?? 'uncompressed'}`);
      }
      assert.deepEqual(errors, [], 'no script error or CSP refusal');
    } finally {
      await page.context().close();
    }
  });

  test(`/medicine on a slow phone network: its heading shown in under ${FIRST_PAGE_BUDGET_MS} ms`, async () => {
    const { page, elapsed, attempts, errors } = await firstVisit('/medicine', (page) =>
      page.getByRole('heading', { level: 1, name: present(MEDICINE_PAGES[0]).title }),
    );
    try {
      assert.ok(elapsed < FIRST_PAGE_BUDGET_MS, `/medicine took ${attempts.join(', ')} ms to show (budget ${FIRST_PAGE_BUDGET_MS} ms)`);
      // At least the HTML's round trip. Not two: the stylesheet's request can overlap the HTML's
      // transfer (a run drew the heading at 297 ms with 150 ms of latency), so 2 × latency failed a
      // throttled page; one round trip still tells a throttled page from an unthrottled one (~10 ms).
      assert.ok(elapsed >= SLOW_PHONE_NETWORK.latency, `${Math.round(elapsed)} ms is too fast for the throttled network: was it throttled?`);
      await page.waitForLoadState('load');
      assert.deepEqual(errors, [], 'no script error or CSP refusal');
    } finally {
      await page.context().close();
    }
  });

  test("a role's pages that cannot be downloaded after the log-in: the page says so, and Try again downloads them", async () => {
    const prescriberPages = present(builtParts(await buildWebAppForTests()).roles.get('prescriber'));
    const page = await demo.openPage('phone');
    const errors = watchPageErrors(page);
    try {
      // The network drops just when the prescriber's pages are asked for.
      await page.route(`**${prescriberPages}`, (route) => route.abort('internetdisconnected'));
      await page.goto('/');
      const form = page.getByRole('form', { name: 'Log in' });
      await form.getByLabel('Email').fill(present(DEMO_LOGINS.find((login) => login.role === 'prescriber')).email);
      await form.getByLabel('Password').fill(DEMO_PASSWORD);
      await form.getByRole('button', { name: 'Log in' }).click();
      const problem = page.getByRole('alert');
      await problem.getByText('Could not load your pages.').waitFor();
      await expectNoSeriousA11yViolations(page, 'the pages that could not be downloaded');
      await page.unroute(`**${prescriberPages}`);
      await problem.getByRole('button', { name: 'Try again' }).click();
      await page.getByRole('heading', { level: 1, name: 'Worklist' }).waitFor();
      assert.equal(await page.getByText('Could not load your pages.').count(), 0);
      assert.deepEqual(errors, [], 'no script error or CSP refusal');
    } finally {
      await page.context().close();
    }
  });

  test('the public medicine pages read without JavaScript: heading, text, review date, reviewer, sources, a menu that works', async () => {
    for (const size of ['phone', 'desktop'] as const) {
      const context = await demo.browser.newContext({ ...SCREEN_SIZES[size], baseURL: demo.server.url, javaScriptEnabled: false, locale: 'en-US' });
      try {
        const page = await context.newPage();
        await page.goto('/medicine');
        for (const info of [present(MEDICINE_PAGES[0]), present(MEDICINE_PAGES.find((candidate) => candidate.path === '/medicine/side-effects'))]) {
          if (info.path !== '/medicine') {
            // Following the menu (shown open without scripts, web/public/noscript.css): a real page load.
            const link = page.getByRole('navigation', { name: 'Medicine information' }).getByRole('link', { name: 'Side effects' });
            await link.waitFor({ state: 'visible' });
            await Promise.all([page.waitForURL(`**${info.path}`), link.click()]);
          }
          const main = page.getByRole('main');
          await main.getByRole('heading', { level: 1, name: info.title }).waitFor({ state: 'visible' });
          assert.equal(await page.title(), `${info.title} · isocourse`);
          assert.ok(((await main.textContent()) ?? '').includes(info.summary), `${info.path}: its summary`);
          for (const section of info.sections) {
            await main.getByRole('heading', { level: 2, name: section.heading }).waitFor({ state: 'visible' });
          }
          const reviewed = main.locator(`time[datetime="${LAST_REVIEWED}"]`);
          assert.equal(await reviewed.count(), 1, `${info.path}: the review date`);
          const note = (await main.locator('footer').textContent()) ?? '';
          assert.match(note, new RegExp(`Last reviewed: .*${new Date(`${LAST_REVIEWED}T00:00:00Z`).getUTCFullYear()}`), info.path);
          assert.ok(note.includes(REVIEWED_BY), `${info.path}: who reviewed it`);
          const sources = main.getByRole('list', { name: 'Sources' }).getByRole('link');
          assert.deepEqual(
            await sources.evaluateAll((links) => links.map((link) => [link.textContent, link.getAttribute('href') ?? ''])),
            SOURCES.map(([name, address]) => [name, address]),
            `${info.path}: the sources, as links`,
          );
          assert.ok(SOURCES.some(([, address]) => address.includes('ipledgeprogram.com')) && SOURCES.some(([name]) => name.includes('Medication Guide')));
          await expectNoSidewaysScroll(page, `${info.path} without JavaScript (${size})`);
        }
      } finally {
        await context.close();
      }
    }
  });

  test('with JavaScript the app takes a pre-rendered page over (no hydration error), navigates within itself, and passes axe', async () => {
    for (const size of ['phone', 'desktop'] as const) {
      const page = await demo.openPage(size);
      const errors = watchPageErrors(page);
      // Any error in the console (React reports a page it could not take over there), but the
      // browser's note of /api/v1/me answering 401 to a visitor without a session.
      page.on('console', (message) => {
        if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) {
          errors.push(`console: ${message.text()}`);
        }
      });
      try {
        await page.goto('/medicine/side-effects', { waitUntil: 'networkidle' });
        // A mark on the window: a page load would drop it; the app's own navigation keeps it.
        await page.evaluate(() => Object.assign(window, { sameDocument: true }));
        const navigation = page.getByRole('navigation', { name: 'Medicine information' });
        if (size === 'phone') {
          const menu = page.getByRole('button', { name: 'Menu' });
          await menu.click();
          assert.equal(await menu.getAttribute('aria-expanded'), 'true', 'the Menu button works: the app has taken the page over');
        }
        await navigation.getByRole('link', { name: 'Questions' }).click();
        const faq = present(MEDICINE_PAGES.find((candidate) => candidate.path === '/medicine/faq'));
        await page.getByRole('heading', { level: 1, name: faq.title }).waitFor();
        assert.equal(await page.evaluate(() => 'sameDocument' in window), true, 'the link was followed by the app, not by a page load');
        assert.equal(await page.title(), `${faq.title} · isocourse`);
        await expectNoSeriousA11yViolations(page, `/medicine/faq after the app took over (${size})`);
        await page.goto('/medicine/side-effects', { waitUntil: 'networkidle' });
        await expectNoSeriousA11yViolations(page, `/medicine/side-effects as pre-rendered and taken over (${size})`);
        assert.deepEqual(errors, [], 'no hydration error, script error or CSP refusal');
      } finally {
        await page.context().close();
      }
    }
  });
});
