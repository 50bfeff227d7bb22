import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import { HttpSink } from '#libs/testing';
import { createTenant, type Tenant } from './fixtures.js';
import { type Harness, startHarness } from './harness.js';

/** Debian's Chromium (`apt-get install chromium`); `.ci/run` installs it when missing. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Chrome logs every 4xx answer as a console error. The dashboard gets some from the API on purpose
 * (role probes answer 403, an invalid pattern 400) and shows them in the page, so only those are allowed.
 */
const API_STATUS_LOG = /^Failed to load resource: the server responded with a status of (400|403|404|409)\b/;
const allowed = (msg: ConsoleMessage) =>
  API_STATUS_LOG.test(msg.text()) && msg.location().url.includes('/v1/');

export interface TestBrowser {
  /** A fresh tab (its own sessionStorage) that records console errors and uncaught exceptions. */
  newPage: () => Promise<Page>;
  /** Console errors and page errors seen so far, in any tab, other than the allowed HTTP statuses. */
  problems: string[];
  close: () => Promise<void>;
}

/** Headless Chromium with a new, empty profile directory (removed on close). */
export async function launchBrowser(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium is not installed at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`,
    );
  const profile = await mkdtemp(join(tmpdir(), 'hookbridge-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  const problems: string[] = [];
  return {
    problems,
    newPage: async () => {
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
      page.on('console', (msg) => {
        if (msg.type() === 'error' && !allowed(msg)) problems.push(`console error: ${msg.text()}`);
      });
      return page;
    },
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

const SCREENSHOTS = new URL('../../../docs/screenshots/', import.meta.url);

/**
 * Saves a PNG of the page to docs/screenshots/. Runs write `<name>.tmp.png` (git-ignored); with
 * UPDATE_SCREENSHOTS=1 they replace the `<name>.png` files the README shows.
 */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const file = new URL(`${name}${process.env.UPDATE_SCREENSHOTS === '1' ? '' : '.tmp'}.png`, SCREENSHOTS)
    .pathname;
  await page.screenshot({ path: file, fullPage });
  return file;
}

/** A browser on the dashboard a harness's gateway serves. */
export interface Dashboard {
  browser: TestBrowser;
  /** The gateway's origin, which serves the dashboard. */
  base: string;
  /** Signs in through the form, in a new tab, and waits for the first screen. */
  signIn: (token: string) => Promise<Page>;
  /** Fails on console or page errors seen since the last check (each test checks its own). */
  noProblems: () => void;
  close: () => Promise<void>;
}

export async function openDashboard(h: Harness): Promise<Dashboard> {
  const browser = await launchBrowser();
  const base = `http://127.0.0.1:${(h.gateway.getHttpServer().address() as AddressInfo).port}`;
  return {
    browser,
    base,
    signIn: async (token) => {
      const page = await browser.newPage();
      await page.goto(base);
      await page.getByLabel('API key or admin token').fill(token);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      return page;
    },
    noProblems: () => assert.deepEqual(browser.problems.splice(0), [], 'no console or page errors'),
    close: () => browser.close(),
  };
}

/** What a dashboard spec works with: a gateway and worker, an account, an HTTP sink and Chromium. */
export interface DashboardWorld {
  h: Harness;
  t: Tenant;
  sink: HttpSink;
  d: Dashboard;
}

/**
 * Starts a harness (with `env`), an account, a sink and the browser before the spec's tests, and
 * stops them after. The returned object is filled in by the time the tests (and later hooks) run.
 */
export function useDashboardWorld(env?: Record<string, string>): DashboardWorld {
  const w = {} as DashboardWorld;
  before(async () => {
    w.h = await startHarness(env ? { env } : {});
    w.t = await createTenant(w.h);
    w.sink = await new HttpSink().start();
    w.d = await openDashboard(w.h);
  });
  after(async () => {
    await w.d?.close();
    await w.sink?.stop();
    await w.h?.close();
  });
  return w;
}
