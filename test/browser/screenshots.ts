// `npm run screenshots`: a PNG of every main page, for the README. Starts the browser tests' server
// (a fresh test database with the demo practice, the real clock, the web app built if stale), logs
// in as each demo user in Chromium and saves every page of their navigation at desktop width, plus
// the prescriber's worklist and the patient's pages at phone width, to
// docs/screenshots/<role>-<page>.png; then the pages one opens from a list (an order, a support
// thread) and the public pages without a log-in (public-<page>.png). Each run replaces the
// folder's PNGs.
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { DEMO_LOGINS } from '../../src/demo/demoPractice.js';
import { CHROMIUM_PATH, launchChromium, logInAs, logOut, openPage, skipWithoutChromium, type ScreenSize } from './support/browser.js';
import { startDemoServer, type DemoServer } from './support/server.js';

const OUTPUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots');

type DemoRole = (typeof DEMO_LOGINS)[number]['role'];

/** Screenshots stop this far down a long page (CSS pixels). */
const MAX_HEIGHT = 2400;

/** The demo patient shown on the prescriber's patient page: mid-course, with fills, labs and charts. */
const SHOWCASE_PATIENT = /\bNakamura\b/; // Chloe Nakamura, three months in

/** The demo patient whose monthly visit is due (her supply ran out): the monthly-visit form with every item open. */
const MONTHLY_VISIT_PATIENT = /\bMensah\b/; // Grace Mensah

/** A demo patient with an order in transit and an answered message (the demo's own password). */
const ORDERING_PATIENT = 'elif.demir@demo.isocourse.test';

/** Pages also shot at phone width: role → paths (the patient uses isocourse on a phone). */
const PHONE_PAGES: Partial<Record<DemoRole, readonly string[]>> = {
  prescriber: ['/'],
  pharmacist: ['/'],
  patient: ['/', '/wallet-card'],
};

/**
 * Pages beyond the navigation, reached as their user would: an address, or the first link of a list
 * page (skipped, with a line in the log, while the demo has nothing in that list).
 */
const DETAIL_PAGES: Partial<Record<DemoRole, ReadonlyArray<{ file: string; path: string; link?: string; as?: string }>>> = {
  patient: [
    { file: 'patient-new-order.png', path: '/orders/new' },
    // Maya has not ordered yet (her order is the browser journey's); Elif's is on its way.
    { file: 'patient-order.png', path: '/orders', link: 'main a[href^="/orders/"]:not([href="/orders/new"])', as: ORDERING_PATIENT },
    { file: 'patient-order-messages.png', path: '/messages', link: 'main a[href^="/orders/"][href$="/messages"]', as: ORDERING_PATIENT },
  ],
  pharmacist: [
    { file: 'pharmacist-order.png', path: '/orders', link: 'main a[href^="/orders/"]' },
    { file: 'pharmacist-support-thread.png', path: '/support', link: 'main a[href^="/support/"]' },
    // Issue 10: a prescription opened from the queue, at the one-step counter.
    { file: 'pharmacist-counter.png', path: '/', link: 'main a[href^="/prescriptions/"]' },
  ],
};

/** The public pages (no log-in): address → file name, at desktop width and, for the first, on a phone. */
const PUBLIC_PAGES: ReadonlyArray<readonly [string, string]> = [
  ['/medicine', 'public-medicine'],
  ['/medicine/service-ratings', 'public-service-ratings'],
];

const log = (message: string): void => {
  console.log(`[screenshots] ${message}`);
};

function slug(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Waits until the page has its heading and has stopped loading (no request in flight, no "Loading …"). */
async function settle(page: Page): Promise<string> {
  await page.locator('main h1').first().waitFor();
  await page.waitForLoadState('networkidle');
  await page
    .locator('.loading')
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => {
      log(`  still loading after 10 s: ${page.url()}`);
    });
  // Charts and fonts settle on the next frames.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  return ((await page.locator('main h1').first().textContent()) ?? '').trim();
}

async function shoot(page: Page, file: string): Promise<boolean> {
  const heading = await settle(page);
  if (heading === 'Page not found') {
    log(`  skipped ${file}: ${new URL(page.url()).pathname} is not a page of this role yet`);
    return false;
  }
  // The whole page, down to MAX_HEIGHT: enough to show what the page is, without megabytes of list.
  const { width, height } = await page.evaluate(() => ({ width: window.innerWidth, height: document.documentElement.scrollHeight }));
  await page.screenshot({
    path: path.join(OUTPUT, file),
    fullPage: true,
    clip: { x: 0, y: 0, width, height: Math.min(height, MAX_HEIGHT) },
    animations: 'disabled',
    caret: 'hide',
  });
  log(`  ${file} (${heading})`);
  return true;
}

async function shootRole(
  browser: Browser,
  server: DemoServer,
  login: (typeof DEMO_LOGINS)[number],
  size: ScreenSize,
  only?: readonly string[],
): Promise<string[]> {
  const page = await openPage(browser, server, size);
  const saved: string[] = [];
  try {
    await page.goto('/');
    await logInAs(page, login.email);
    let loggedInAs: string = login.email;
    const links = await page
      // On a phone the menu is folded away: its links are hidden until it opens.
      .getByRole('navigation', { name: 'Main', includeHidden: true })
      .getByRole('link', { includeHidden: true })
      .evaluateAll((anchors) => anchors.map((anchor) => ({ href: anchor.getAttribute('href') ?? '/', label: anchor.textContent.trim() })));
    for (const link of links.filter((candidate) => only === undefined || only.includes(candidate.href))) {
      await page.goto(link.href);
      const file = `${login.role}-${slug(link.label)}${size === 'phone' ? '-phone' : ''}.png`;
      if (await shoot(page, file)) {
        saved.push(file);
      }
    }
    if (login.role === 'prescriber' && size === 'desktop') {
      // One patient's page, reached as a prescriber would: the first patient in the list.
      await page.goto('/patients');
      await settle(page);
      const patientLinks = page.locator('main a[href^="/patients/"]:not([href="/patients/new"])');
      const showcase = patientLinks.filter({ hasText: SHOWCASE_PATIENT });
      const patientLink = (await showcase.count()) > 0 ? showcase.first() : patientLinks.first();
      if ((await patientLink.count()) > 0) {
        await patientLink.click();
        if (await shoot(page, 'prescriber-patient.png')) {
          saved.push('prescriber-patient.png');
        }
      } else {
        log('  skipped prescriber-patient.png: no link to a patient on /patients');
      }
      // The month's visit in one form, on a patient whose month is due.
      await page.goto('/patients');
      await settle(page);
      const due = patientLinks.filter({ hasText: MONTHLY_VISIT_PATIENT }).first();
      if ((await due.count()) > 0) {
        await due.click();
        await page.getByRole('form', { name: 'Monthly visit' }).waitFor();
        if (await shoot(page, 'prescriber-monthly-visit.png')) {
          saved.push('prescriber-monthly-visit.png');
        }
      } else {
        log('  skipped prescriber-monthly-visit.png: no patient whose month is due');
      }
    }
    for (const detail of size === 'desktop' ? (DETAIL_PAGES[login.role] ?? []) : []) {
      const user = detail.as ?? login.email;
      if (user !== loggedInAs) {
        // Another demo user of the same role: log out, then in as them.
        await logOut(page);
        await logInAs(page, user);
        loggedInAs = user;
      }
      await page.goto(detail.path);
      if (detail.link !== undefined) {
        await settle(page);
        const link = page.locator(detail.link).first();
        if ((await link.count()) === 0) {
          log(`  skipped ${detail.file}: no link to one on ${detail.path} in the demo yet`);
          continue;
        }
        await link.click();
      }
      if (await shoot(page, detail.file)) {
        saved.push(detail.file);
      }
    }
  } finally {
    await page.context().close();
  }
  return saved;
}

/** The public pages, as a visitor who is not logged in sees them. */
async function shootPublic(browser: Browser, server: DemoServer): Promise<string[]> {
  const saved: string[] = [];
  for (const size of ['desktop', 'phone'] as const) {
    const page = await openPage(browser, server, size);
    try {
      for (const [address, name] of size === 'desktop' ? PUBLIC_PAGES : PUBLIC_PAGES.slice(0, 1)) {
        await page.goto(address);
        const file = `${name}${size === 'phone' ? '-phone' : ''}.png`;
        if (await shoot(page, file)) {
          saved.push(file);
        }
      }
    } finally {
      await page.context().close();
    }
  }
  return saved;
}

async function main(): Promise<void> {
  if (skipWithoutChromium !== false) {
    console.error(`[screenshots] ${skipWithoutChromium}`);
    process.exit(1);
  }
  const started = Date.now();
  await fs.mkdir(OUTPUT, { recursive: true });
  for (const old of (await fs.readdir(OUTPUT)).filter((name) => name.endsWith('.png'))) {
    await fs.rm(path.join(OUTPUT, old));
  }
  const [server, browser] = await Promise.all([startDemoServer({ log }), launchChromium()]);
  log(`server at ${server.url}, Chromium at ${CHROMIUM_PATH}`);
  const saved: string[] = [];
  try {
    for (const login of DEMO_LOGINS) {
      log(`${login.role} (${login.email})`);
      saved.push(...(await shootRole(browser, server, login, 'desktop')));
      const phone = PHONE_PAGES[login.role];
      if (phone !== undefined) {
        saved.push(...(await shootRole(browser, server, login, 'phone', phone)));
      }
    }
    log('public pages (no log-in)');
    saved.push(...(await shootPublic(browser, server)));
  } finally {
    await browser.close();
    await server.close();
  }
  log(`${saved.length} screenshots in ${path.relative(process.cwd(), OUTPUT) || OUTPUT} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

await main();
