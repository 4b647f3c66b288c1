// Chromium for browser tests, driven by playwright-core: Debian's /usr/bin/chromium (installed by
// .ci/run), headless, without the sandbox (CI runs as root). Helpers every browser test uses: a
// desktop or phone-sized page on the demo server, logging in as a demo user, the axe-core
// accessibility check, and a watch on uncaught page errors and Content-Security-Policy refusals.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../../src/demo/demoPractice.js';
import { after, before } from 'node:test';
import { startDemoServer, type DemoServer } from './server.js';
import type { ProgramConfig } from '../../../src/domain/ruleSets.js';

export const CHROMIUM_PATH = process.env['ISOCOURSE_CHROMIUM']?.trim() || '/usr/bin/chromium';

/** For describe(…, { skip }): false when Chromium is there, else why the browser tests are skipped. */
export const skipWithoutChromium: false | string = fs.existsSync(CHROMIUM_PATH)
  ? false
  : `no Chromium at ${CHROMIUM_PATH}: browser tests skipped (install it with "apt-get install chromium", as .ci/run does, or set ISOCOURSE_CHROMIUM)`;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

export type ScreenSize = 'desktop' | 'phone';

export interface DemoInBrowser {
  readonly server: DemoServer;
  readonly browser: Browser;
  /** A fresh context (its own cookies) and page on the demo server. */
  openPage(size?: ScreenSize): Promise<Page>;
}

/**
 * For a describe block: starts the demo server (its own database) and Chromium before its tests,
 * and stops both after them.
 */
/** The demo server (its program settings changed by `program`, if given) and Chromium, for one describe. */
export function demoServerInBrowser(options: { program?: Partial<ProgramConfig> } = {}): DemoInBrowser {
  let server: DemoServer | undefined;
  let browser: Browser | undefined;
  before(async () => {
    [server, browser] = await Promise.all([startDemoServer(options), launchChromium()]);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) {
      throw new Error('the demo server and Chromium start in before(): use them inside a test');
    }
    return value;
  };
  return {
    get server() {
      return started(server);
    },
    get browser() {
      return started(browser);
    },
    openPage(size: ScreenSize = 'desktop') {
      return openPage(started(browser), started(server), size);
    },
  };
}

export const SCREEN_SIZES: Record<ScreenSize, BrowserContextOptions> = {
  desktop: { viewport: { width: 1280, height: 800 } },
  // A phone: 390 × 844 CSS pixels (an iPhone 12–15), with touch.
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
};

/** Actions and waits give up after this long: a missing element fails the test quickly, with its name. */
export const ACTION_TIMEOUT_MS = 10_000;

/** A fresh context (its own cookies) and page on the demo server, at a screen size. */
export async function openPage(browser: Browser, server: DemoServer, size: ScreenSize = 'desktop'): Promise<Page> {
  const context: BrowserContext = await browser.newContext({
    ...SCREEN_SIZES[size],
    baseURL: server.url,
    locale: 'en-US',
    timezoneId: 'America/New_York',
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  return context.newPage();
}

/** Logs in through the log-in form and waits for the role's home page. */
export async function logInAs(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  if (!page.url().startsWith('http')) {
    await page.goto('/');
  }
  const form = page.getByRole('form', { name: 'Log in' });
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('button', { name: 'Log out' }).waitFor();
  await page.locator('main h1').first().waitFor();
}

export async function logOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByRole('form', { name: 'Log in' }).waitFor();
}

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: Array<{ target: unknown[]; html: string; failureSummary?: string }>;
}

/**
 * Runs axe-core (WCAG 2.0–2.2 A/AA and best practices) on the page as it is and fails on any
 * violation of impact "serious" or "critical", listing each with the elements concerned.
 *
 * The app's Content-Security-Policy (script-src 'self') refuses a script tag with inline content,
 * which is what page.addScriptTag({ path }) adds; the page keeps its real CSP in these tests, so
 * axe is evaluated through the DevTools protocol instead, which the CSP does not govern.
 */
export async function expectNoSeriousA11yViolations(page: Page, what = page.url()): Promise<void> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) {
    await page.evaluate(AXE_SOURCE);
  }
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const results = await axe.run(document, { resultTypes: ['violations'] });
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      helpUrl: violation.helpUrl,
      nodes: violation.nodes.map((node) => ({
        target: node.target,
        html: node.html,
        ...(node.failureSummary === undefined ? {} : { failureSummary: node.failureSummary }),
      })),
    }));
  });
  const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  const report = serious
    .map(
      (violation) =>
        `- [${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})\n` +
        violation.nodes
          .slice(0, 5)
          .map(
            (node) =>
              `    ${JSON.stringify(node.target)} ${node.html.slice(0, 200)}${node.failureSummary ? `\n      ${node.failureSummary.replace(/\n/g, '\n      ')}` : ''}`,
          )
          .join('\n'),
    )
    .join('\n');
  assert.equal(serious.length, 0, `axe found ${serious.length} serious or critical accessibility violation(s) on ${what}:\n${report}`);
}

/** Uncaught errors and Content-Security-Policy refusals on a page, collected as they happen. */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error' && /Content Security Policy/i.test(text)) {
      errors.push(`CSP: ${text}`);
    }
  });
  return errors;
}

/** The page fits the screen's width: nothing makes the whole page scroll sideways (tables scroll in their own box). */
export async function expectNoSidewaysScroll(page: Page, what = page.url()): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  assert.ok(scrollWidth <= innerWidth, `${what} is ${scrollWidth} px wide on a ${innerWidth} px screen`);
}

/** Goes to a page of the app by its address and waits for its heading. */
export async function visit(page: Page, path: string, heading: string | RegExp): Promise<void> {
  await page.goto(path);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}
