// End-to-end check of the medsoc web console in a real headless Chromium, against a running node.
//
//   node console/e2e/console.e2e.mjs --base http://127.0.0.1:8080 [--screenshots docs/screenshots]
//
// Credentials come from the environment: E2E_ANALYST_USER/E2E_ANALYST_PASSWORD (analyst of hospital A, whose
// tenant holds the vssadmin attack and its incident), E2E_VIEWER_USER/E2E_VIEWER_PASSWORD (tenant viewer of hospital
// B), E2E_ADMIN_USER/E2E_ADMIN_PASSWORD (node administrator, several tenants). E2E_CHROMIUM overrides
// /usr/bin/chromium. Exits 1 on the first failed check (screenshot failure-console-e2e.png in E2E_OUTPUT or the
// temporary directory), 0 when all pass.

import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const base = (args.base ?? process.env.MEDSOC_URL ?? '').replace(/\/$/, '');
const shots = resolve(args.screenshots ?? resolve(here, '../../docs/screenshots'));
const need = (name) => {
  const v = process.env[name];
  if (!v) {
    console.error(`missing environment variable ${name}`);
    process.exit(2);
  }
  return v;
};
if (!base) {
  console.error('usage: console.e2e.mjs --base <node URL> [--screenshots <dir>]');
  process.exit(2);
}
const analyst = { user: need('E2E_ANALYST_USER'), password: need('E2E_ANALYST_PASSWORD') };
const viewer = { user: need('E2E_VIEWER_USER'), password: need('E2E_VIEWER_PASSWORD') };
const admin = { user: need('E2E_ADMIN_USER'), password: need('E2E_ADMIN_PASSWORD') };
mkdirSync(shots, { recursive: true });

const TIMEOUT = 10_000;
let passed = 0;
let current = null;

function check(condition, what) {
  if (!condition) throw new Error('check failed: ' + what);
  passed++;
  console.log('  ok  ' + what);
}

async function step(name, page, body) {
  console.log('- ' + name);
  current = page;
  await body();
}

async function shot(page, name) {
  await page.waitForTimeout(400); // let charts finish their animation
  await page.screenshot({ path: resolve(shots, name + '.png') });
  console.log('  screenshot ' + name + '.png');
}

async function login(page, who) {
  await page.goto(base + '/');
  await page.getByLabel('Username').fill(who.user);
  await page.getByLabel('Password').fill(who.password);
  await page.getByLabel('Password').press('Enter'); // keyboard only
  await page.getByRole('navigation', { name: 'Main navigation' }).waitFor({ timeout: TIMEOUT });
}

/** Follows a link of the main navigation (by its label). */
async function navTo(page, label) {
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: label, exact: true }).click();
}

const browser = await chromium.launch({
  executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
const newPage = async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US', colorScheme: 'light' });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on('pageerror', (e) => console.log('  page error: ' + e.message));
  return page;
};

const started = Date.now();
try {
  // ---------------- analyst of hospital A works the attack end to end ----------------
  const page = await newPage();
  let incidentPath = '';

  await step('login page, wrong password, then sign in', page, async () => {
    await page.goto(base + '/');
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await shot(page, 'login');
    await page.getByLabel('Username').fill(analyst.user);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    check((await alert.textContent()).includes('Sign-in failed'), 'a failed login says so in plain words');
    await login(page, analyst);
    check(await page.getByRole('heading', { level: 1, name: 'Overview' }).isVisible(), 'signed in onto the overview');
  });

  await step('overview', page, async () => {
    await page.waitForFunction(() => document.querySelector('[data-testid=kpi-open]')?.textContent === '1');
    check(true, 'overview counts 1 open incident');
    check((await page.locator('.chart canvas').count()) >= 3, 'overview draws its charts');
    await shot(page, 'overview');
  });

  await step('event search finds the attack', page, async () => {
    await navTo(page, 'Events');
    await page.getByRole('heading', { level: 1, name: 'Event search' }).waitFor();
    const query = page.getByTestId('query');
    await query.fill('process.name:vssadmin.exe');
    await query.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid=events-total]')?.textContent?.startsWith('1 events'));
    check(true, 'the Lucene query matches exactly one event');
    const row = page.locator('.event-head').first();
    check((await row.textContent()).includes('vssadmin.exe delete shadows /all /quiet'), 'the event row shows the command line');
    await page.getByRole('button', { name: 'host.name', exact: true }).click();
    await page.locator('.topvalues li', { hasText: 'PACS-SRV-01' }).waitFor();
    check(true, 'the field side bar shows the top values of host.name');
    await row.click();
    check((await row.getAttribute('aria-expanded')) === 'true', 'the event opens on click');
    await page.locator('.event .kv', { hasText: 'winlog.event_data.CommandLine' }).waitFor();
    await shot(page, 'events');
    await page.getByRole('link', { name: /Incidents on PACS-SRV-01/ }).click();
  });

  await step('its incident', page, async () => {
    await page.getByRole('heading', { level: 1, name: 'Incidents' }).waitFor();
    const link = page.getByRole('link', { name: /Shadow Copies Deleted With Vssadmin on PACS-SRV-01/ });
    await link.waitFor();
    check((await page.getByTestId('incidents').locator('tbody tr').count()) === 1, 'the incident list filtered by host holds the incident');
    await shot(page, 'incidents');
    await link.click();
    await page.getByTestId('incident-title').waitFor();
    incidentPath = new URL(page.url()).pathname;
    check(/^\/incidents\/\d+$/.test(incidentPath), 'the incident opens at ' + incidentPath);
    check((await page.getByTestId('incident-state').getAttribute('data-state')) === 'NEW', 'the incident is NEW');
    const timer = page.getByRole('timer').first();
    const before = await timer.textContent();
    await page.waitForTimeout(1500);
    check(/left/.test(before) && before !== (await timer.textContent()), 'the response SLA timer counts down (' + before + ')');
  });

  await step('assign to me, comment', page, async () => {
    await page.getByTestId('assign-me').click();
    await page.getByTestId('incident-assignee').filter({ hasText: 'Assigned to ' + analyst.user }).waitFor();
    check(true, 'assigned to ' + analyst.user);
    const text = 'PACS-SRV-01 isolated from the imaging VLAN; checking offline backups. 影像服务器已隔离。';
    await page.getByTestId('comment').fill(text);
    await page.getByTestId('add-comment').click();
    await page.getByTestId('comments').getByText(text).waitFor();
    check(true, 'the comment is listed');
  });

  await step('a concurrent change gives a clear 409 message', page, async () => {
    // someone else raises the severity behind this page's back (the page still holds the old version)
    const status = await page.evaluate(async (path) => {
      const token = sessionStorage.getItem('medsoc.token');
      const headers = { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' };
      const incident = await (await fetch('/api/v1' + path, { headers })).json();
      const r = await fetch('/api/v1' + path, {
        method: 'PATCH', headers, body: JSON.stringify({ severity: 'critical', version: incident.version }),
      });
      return r.status;
    }, incidentPath);
    check(status === 200, 'the incident was changed through the API');
    await page.getByTestId('t-acknowledge').click();
    const error = page.getByTestId('action-error');
    await error.waitFor();
    check((await error.textContent()).includes('Someone else changed this incident'), 'the 409 is explained and the page reloads');
    await page.locator('.badge.b-critical').first().waitFor();
    check(true, 'the reloaded incident shows the other change (critical)');
    await page.getByTestId('t-acknowledge').click();
    await page.locator('[data-testid=incident-state][data-state=TRIAGING]').waitFor();
    check(true, 'the reloaded incident is TRIAGING');
  });

  await step('contain, resolve and close', page, async () => {
    await page.getByTestId('t-contain').click();
    await page.locator('[data-testid=incident-state][data-state=CONTAINING]').waitFor();
    check(true, 'containing');
    await page.getByTestId('t-resolve').click();
    await page.getByTestId('resolution').selectOption('true_positive');
    await page.getByTestId('summary').fill('Shadow copies restored from the offline backup; vssadmin blocked by policy.');
    await page.getByTestId('confirm').click();
    await page.locator('[data-testid=incident-state][data-state=RESOLVED]').waitFor();
    check(true, 'resolved as true positive');
    await shot(page, 'incident');
    await page.getByTestId('t-close').click();
    await page.locator('[data-testid=incident-state][data-state=CLOSED]').waitFor();
    check(true, 'closed');
    const timeline = await page.getByTestId('timeline').textContent();
    check(['acknowledge', 'contain', 'resolve', 'close'].every((w) => timeline.includes(w)), 'the timeline holds every step');
  });

  await step('language switch', page, async () => {
    const nav = page.locator('nav.nav a[href="/incidents"]');
    check((await nav.textContent()) === 'Incidents', 'English label before the switch');
    await page.getByTestId('lang').click();
    await page.waitForFunction(() => document.querySelector('nav.nav a[href="/incidents"]')?.textContent === '安全事件单');
    check(true, 'the label changes to 中文');
    check((await page.getByTestId('incident-state').textContent()) === '已关闭', 'the incident state is shown in Chinese');
    await page.reload();
    await page.getByTestId('incident-title').waitFor();
    check((await nav.textContent()) === '安全事件单', 'the language choice survives a reload (localStorage)');
    await page.getByTestId('lang').click();
    await page.waitForFunction(() => document.querySelector('nav.nav a[href="/incidents"]')?.textContent === 'Incidents');
    check(true, 'and back to English');
  });

  await step('dark theme', page, async () => {
    await navTo(page, 'Overview');
    await page.getByTestId('theme').click();
    check((await page.evaluate(() => document.documentElement.dataset.theme)) === 'dark', 'the dark theme applies');
    await page.waitForFunction(() => document.querySelector('[data-testid=kpi-open]')?.textContent === '0');
    await shot(page, 'overview-dark');
    await page.getByTestId('theme').click();
  });

  await step('an unknown session goes back to the login page', page, async () => {
    await page.evaluate(() => sessionStorage.setItem('medsoc.token', 'mss_not-a-session'));
    await page.goto(base + '/incidents');
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    check(true, 'a 401 shows the login page');
  });
  await page.context().close();

  // ---------------- administrator: tenant selector and rules ----------------
  const adminPage = await newPage();
  await step('administrator: tenant selector, rules', adminPage, async () => {
    await login(adminPage, admin);
    const selector = adminPage.getByTestId('tenant');
    const options = await selector.locator('option').allTextContents();
    check(options.includes('hospital-a') && options.includes('hospital-b'), 'the tenant selector offers ' + options.join(', '));
    await selector.selectOption('hospital-a');
    await navTo(adminPage, 'Incidents');
    await adminPage.getByRole('link', { name: /Shadow Copies Deleted With Vssadmin/ }).waitFor();
    check(true, "hospital-a's incident is listed once hospital-a is chosen (X-Medsoc-Tenant)");
    await selector.selectOption('hospital-b');
    await adminPage.getByTestId('incidents-total').filter({ hasText: '0 incidents' }).waitFor();
    check(true, 'hospital-b has no incident');
    await navTo(adminPage, 'Rules');
    const rows = adminPage.getByTestId('rules').locator('tbody tr');
    await rows.first().waitFor();
    check((await rows.count()) >= 10, 'the rules page lists the built-in rules (' + (await rows.count()) + ')');
    const vss = rows.filter({ hasText: 'Shadow Copies Deleted With Vssadmin' });
    check((await vss.locator('td.num').nth(1).textContent()) !== '0', 'the vssadmin rule counts its match');
    const toggle = vss.getByRole('switch');
    await toggle.press('Space'); // keyboard
    await adminPage.waitForFunction(() => [...document.querySelectorAll('[data-testid=rules] tbody tr')]
      .some((r) => r.textContent.includes('Shadow Copies Deleted With Vssadmin') && !r.querySelector('input').checked));
    check(true, 'the rule can be disabled');
    await toggle.press('Space');
    await adminPage.waitForFunction(() => [...document.querySelectorAll('[data-testid=rules] tbody tr')]
      .some((r) => r.textContent.includes('Shadow Copies Deleted With Vssadmin') && r.querySelector('input').checked));
    check(true, 'and enabled again');
    await shot(adminPage, 'rules');
  });
  await adminPage.context().close();

  // ---------------- viewer of hospital B never sees hospital A's incident ----------------
  const viewerPage = await newPage();
  await step("viewer of hospital B cannot see hospital A's incident", viewerPage, async () => {
    await login(viewerPage, viewer);
    check((await viewerPage.getByTestId('tenant-single').textContent()) === 'hospital-b', 'the viewer acts on hospital-b only');
    check((await viewerPage.locator('nav.nav a[href="/events"]').count()) === 0, 'a viewer has no event search (no raw logs)');
    await navTo(viewerPage, 'Incidents');
    await viewerPage.getByTestId('incidents-total').filter({ hasText: '0 incidents' }).waitFor();
    check(!(await viewerPage.content()).includes('PACS-SRV-01'), "hospital A's incident is not in the viewer's list");
    await viewerPage.goto(base + incidentPath);
    const alert = viewerPage.getByRole('alert');
    await alert.waitFor();
    const said = await alert.textContent();
    check(said.startsWith('Not found') || said.startsWith('You are not allowed'), "opening hospital A's incident by its address is refused: " + said);
    check((await viewerPage.getByTestId('incident-title').count()) === 0, 'and shows nothing of it');
    // even with hospital-a forced into the session, the console only acts on the viewer's tenants
    await viewerPage.evaluate(() => sessionStorage.setItem('medsoc.tenant', 'hospital-a'));
    await viewerPage.goto(base + incidentPath);
    await viewerPage.getByRole('alert').waitFor();
    check(!(await viewerPage.content()).includes('PACS-SRV-01'), 'a forced tenant changes nothing');
    const status = await viewerPage.evaluate(async (path) => {
      const r = await fetch('/api/v1' + path, {
        headers: { Authorization: 'Bearer ' + sessionStorage.getItem('medsoc.token'), 'X-Medsoc-Tenant': 'hospital-a' },
      });
      return r.status;
    }, incidentPath);
    check(status === 403 || status === 404, 'the API itself refuses hospital-a to the viewer (' + status + ')');
  });
  await viewerPage.context().close();

  console.log(`PASS: ${passed} checks in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${shots}`);
  await browser.close();
  process.exit(0);
} catch (e) {
  console.error('FAIL: ' + (e?.stack ?? e));
  if (current) {
    try {
      const f = resolve(process.env.E2E_OUTPUT ?? tmpdir(), 'failure-console-e2e.png');
      await current.screenshot({ path: f });
      console.error('failure screenshot: ' + f + ' at ' + current.url());
      console.error('page text:\n' + (await current.locator('body').innerText()).slice(0, 2000));
    } catch {
      // the page may be gone
    }
  }
  await browser.close();
  process.exit(1);
}
