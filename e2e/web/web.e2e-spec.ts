// The web client in real Chromium against the whole platform (every app its own process):
// the Mini App opened with initData the test signs with its own bot token, the dashboard with
// the stack's numbers, language switching, the admin panel setting the daily price that the
// user's dashboard then shows, a moderator's menu, and axe-core with no serious violations.
// A user also watches the balance change live while a simulated phone reports traffic, then
// withdraws through payout-svc's sandbox provider (NowPayments wire format, IPN to the gateway)
// and sees the status reach completed with its BscScan link; another enrols 2FA in the Mini App
// (QR and secret) and withdraws with a TOTP code. An admin publishes an announcement in the
// panel that arrives live in the user's notifications and shows NEW in News, downloads the
// reports (XLSX/PDF/CSV with their content types, export_too_large in words) and keeps the
// withdrawal blacklist. Waits poll for the newest state with generous deadlines (a loaded
// machine is slow); no fixed sleep decides a result.
// Screenshots of every screen (light and dark, uz) go to tmp/screenshots (git-ignored).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';

import { base32Decode, hotp, stepAt } from '../../apps/auth-svc/src/two-factor/totp';
import { toChecksumAddress } from '../../apps/payout-svc/src/common/address';
import { signedLoginPayload } from '../../tools/simulate/credentials';
import { SimDevice } from '../../tools/simulate/device';
import { Stack } from '../stack';
import {
  launchChromium,
  launchHash,
  screenshot,
  seriousViolations,
  signInitData,
  testBotToken,
} from './browser';

const ROOT = join(__dirname, '../..');
const USER = 7_100_000_000 + Math.floor(Math.random() * 1_000_000);
const ADMIN = USER + 1;
const MODERATOR = USER + 2;
const EARNER = USER + 3;
const TWOFA = USER + 4;
/** XLSX and PDF exports refuse more rows than this (the users report has more by then). */
const EXPORT_MAX_ROWS = 3;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Polls `check` until it returns a value (not undefined) or `timeoutMs` passes. Waits compare
 * the newest state at each look, so a value that changes meanwhile cannot leave a stale answer.
 */
async function poll<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 30_000,
  everyMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

describe('web client (Mini App and admin panel in Chromium)', () => {
  let stack: Stack;
  let browser: Browser;
  let webDir: string;
  const bot = testBotToken();
  const pageErrors: string[] = [];
  /** Messages each page received on its live WebSocket. */
  const liveFrames = new WeakMap<Page, string[]>();
  const consoleErrors: string[] = [];
  afterEach(() => {
    // No uncaught error in any page (a render crash leaves a blank page).
    expect(pageErrors.splice(0)).toEqual([]);
  });

  const api = async (method: string, path: string, token?: string, body?: unknown) => {
    const res = await fetch(`${stack.gatewayUrl}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const loginApi = async (id: number) =>
    (await api('POST', '/api/auth/telegram', undefined, signedLoginPayload(bot, id, `u${id}`)))
      .token as string;
  const initData = (id: number, name: string) =>
    signInitData(bot, { id, first_name: name, username: `web_${id}`, language_code: 'uz' });

  async function openPage(path: string, id: number, name: string): Promise<Page> {
    // The Mini App at a small phone's width (360 px); the panel at a desktop's.
    const viewport = path === '/admin' ? { width: 1280, height: 800 } : { width: 360, height: 780 };
    const page = await browser.newPage({ viewport });
    const frames: string[] = [];
    liveFrames.set(page, frames);
    page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(String(f.payload))));
    page.on('pageerror', (err) => pageErrors.push(`${path}: ${err.stack ?? err.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`${path}: ${m.text()}`);
    });
    // Telegram's own scripts are not reachable here (and not needed: launch params are read
    // from the URL hash like Telegram passes them).
    await page.route('https://telegram.org/**', (route) => route.abort());
    await page.goto(`${stack.gatewayUrl}${path}${launchHash(initData(id, name))}`);
    return page;
  }

  /** The screen has loaded every part (nothing aria-busy) and shows no error. */
  async function settled(page: Page): Promise<void> {
    await page.locator('h1').first().waitFor({ timeout: 30_000 });
    await page.waitForFunction('!document.querySelector(\'[aria-busy="true"]\')', undefined, {
      timeout: 30_000,
    });
    const errors = await page.getByRole('alert').allTextContents();
    expect([page.url().split('#')[0], errors]).toEqual([page.url().split('#')[0], []]);
  }

  /** The page's <html> carries the chosen palette (the CSS applies it at once). */
  async function themed(page: Page, theme: 'light' | 'dark'): Promise<void> {
    await page.waitForFunction(`document.documentElement.dataset.theme === '${theme}'`, undefined, {
      timeout: 15_000,
    });
  }

  beforeAll(async () => {
    webDir = mkdtempSync(join(tmpdir(), 'e2e-web-'));
    execFileSync(process.execPath, [join(ROOT, 'tools/web/build.cjs')], {
      cwd: ROOT,
      env: { ...process.env, WEB_OUT_DIR: webDir },
      stdio: 'pipe',
    });
    stack = await Stack.start('e2e_web', {
      env: {
        TELEGRAM_BOT_TOKEN: bot,
        ADMIN_IDS: String(ADMIN),
        WEB_DIST_DIR: webDir,
        // payout-svc's sandbox provider, completing a payout half a second after it is sent.
        PAYMENT_PROVIDER: 'sandbox',
        SANDBOX_COMPLETE_AFTER_MS: '500',
        PAYOUT_WORKER_INTERVAL_MS: '200',
        ADMIN_EXPORT_MAX_ROWS: String(EXPORT_MAX_ROWS),
        // The 2FA user withdraws twice within a minute.
        WITHDRAW_RATE_LIMIT_PER_MIN: '10',
        // Every page and API login comes from 127.0.0.1: ~25 logins a minute on a fast run, more
        // than one IP's 20 (the limit itself is tested in e2e/auth).
        RATE_LIMIT_OVERRIDES: 'auth_login=200/60',
        DAILY_WITHDRAW_LIMIT: '10',
      },
    });
    // Generous: the seven processes compile their TypeScript at start on a shared machine.
    await stack.waitReady(360_000);
    browser = await launchChromium();
  }, 420_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    rmSync(webDir, { recursive: true, force: true });
  }, 60_000);

  const ADMIN_PAGES = [
    'dashboard',
    'users',
    'apis',
    'withdraws',
    'blacklist',
    'referrals',
    'support',
    'pool',
    'reports',
    'prices',
    'newsPromo',
    'admins',
    'settings',
    'logs',
    'filter',
  ];

  it('serves /app frameable by Telegram only, /admin never framed, hashed assets immutable', async () => {
    const app = await fetch(`${stack.gatewayUrl}/app`);
    expect(app.status).toBe(200);
    expect(app.headers.get('cache-control')).toBe('no-cache');
    expect(app.headers.get('content-security-policy')).toContain(
      'frame-ancestors https://web.telegram.org',
    );
    const html = await app.text();
    const admin = await fetch(`${stack.gatewayUrl}/admin`);
    expect(admin.headers.get('x-frame-options')).toBe('DENY');
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1];
    const js = await fetch(`${stack.gatewayUrl}${asset}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('opens the Mini App with signed initData: the dashboard shows the stack’s balance and price', async () => {
    // Real numbers: the admin sets today's price and credits the user through the API.
    const adminToken = await loginApi(ADMIN);
    // The user exists (as after a first login) and chose Uzbek (the screenshots are in uz).
    await api('PATCH', '/api/user/settings', await loginApi(USER), { language: 'uz' });
    await api('POST', '/api/admin/daily_price', adminToken, { price_per_gb: 1.2, message: 'e2e' });
    await api('PATCH', `/api/admin/users/${USER}/adjust_balance`, adminToken, {
      amount_usd: 2.5,
      note: 'e2e web credit',
    });

    const page = await openPage('/app', USER, 'Dilshod');
    await page.getByTestId('balance-usd').filter({ hasText: '$2.50' }).waitFor({ timeout: 20_000 });
    await page.getByTestId('price').filter({ hasText: '$1.20 / GB' }).waitFor({ timeout: 20_000 });
    await page.getByRole('heading', { name: 'Salom, Dilshod' }).waitFor();
    await page.getByText('● Jonli').waitFor({ timeout: 30_000 }); // live socket connected
    await screenshot(page, 'app-dashboard-light-uz');
    expect(await seriousViolations(page)).toEqual([]);

    for (const screen of [
      'balance',
      'sessions',
      'stats',
      'promo',
      'profile',
      'settings',
      'withdraw',
      'support',
      'notifications',
      'referrals',
    ]) {
      await page.locator(`[data-screen="${screen}"]`).click();
      await settled(page);
      await screenshot(page, `app-${screen}-light-uz`);
      const violations = await seriousViolations(page);
      expect([screen, violations]).toEqual([screen, []]);
    }

    // Dark theme, then every screen again in dark.
    await page.locator('[data-screen="settings"]').click();
    await page.getByTestId('theme').selectOption('dark');
    await themed(page, 'dark');
    for (const screen of [
      'dashboard',
      'balance',
      'sessions',
      'stats',
      'promo',
      'profile',
      'settings',
      'withdraw',
      'support',
      'notifications',
      'referrals',
    ]) {
      await page.locator(`[data-screen="${screen}"]`).click();
      await settled(page);
      await screenshot(page, `app-${screen}-dark-uz`);
      const violations = await seriousViolations(page);
      expect([screen, 'dark', violations]).toEqual([screen, 'dark', []]);
    }
    await page.close();
  }, 120_000);

  it('switches language (saved on the account)', async () => {
    const page = await openPage('/app', USER, 'Dilshod');
    await page.locator('[data-screen="settings"]').click();
    await page.getByTestId('language').selectOption('ru');
    await page.getByRole('heading', { name: 'Настройки' }).waitFor();
    await page.locator('[data-screen="dashboard"]').click();
    await page.getByRole('heading', { name: 'Здравствуйте, Dilshod' }).waitFor();
    await screenshot(page, 'app-dashboard-light-ru');
    await page.locator('[data-screen="settings"]').click();
    await page.getByTestId('language').selectOption('en');
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    // The change is saved by a request of its own: the account says 'en' once it has landed.
    const token = await loginApi(USER);
    await poll('the account’s language saved as en', async () =>
      (await api('GET', '/api/user/settings', token)).language === 'en' ? true : undefined,
    );
    // Back to Uzbek for the later screenshots.
    await page.getByTestId('language').selectOption('uz');
    await page.getByRole('heading', { name: 'Sozlamalar' }).waitFor();
    await poll('the account’s language back to uz', async () =>
      (await api('GET', '/api/user/settings', token)).language === 'uz' ? true : undefined,
    );
    await page.close();
  }, 60_000);

  it('an admin sets the daily price in the panel and the user’s dashboard shows it', async () => {
    const admin = await openPage('/admin', ADMIN, 'Boss');
    await admin.locator('[data-page="prices"]').click();
    await admin.getByTestId('price-per-gb').fill('1.75');
    await admin.locator('form button[type="submit"]').click();
    await admin.getByRole('status').filter({ hasText: '$1.75' }).waitFor({ timeout: 15_000 });
    await screenshot(admin, 'admin-prices');
    expect(await seriousViolations(admin)).toEqual([]);
    // Every page of the sidebar, light then dark.
    for (const theme of ['light', 'dark'] as const) {
      await admin.getByTestId('admin-theme').selectOption(theme);
      await themed(admin, theme);
      for (const p of ADMIN_PAGES) {
        await admin.locator(`[data-page="${p}"]`).click();
        await settled(admin);
        await screenshot(admin, `admin-${p}-${theme}-uz`);
        const violations = await seriousViolations(admin);
        expect([p, theme, violations]).toEqual([p, theme, []]);
      }
    }
    await admin.getByTestId('admin-theme').selectOption('light');
    await admin.close();

    const user = await openPage('/app', USER, 'Dilshod');
    await user.getByTestId('price').filter({ hasText: '$1.75' }).waitFor({ timeout: 20_000 });
    await user.close();
  }, 90_000);

  it('the balance changes live while a phone reports traffic; a withdrawal reaches completed', async () => {
    const adminToken = await loginApi(ADMIN);
    const token = await loginApi(EARNER);
    await api('PATCH', '/api/user/settings', token, { language: 'uz' });
    await api('PATCH', `/api/admin/users/${EARNER}/adjust_balance`, adminToken, {
      amount_usd: 5,
      note: 'e2e web withdraw',
    });
    const page = await openPage('/app', EARNER, 'Aziz');
    await page.getByTestId('balance-usd').filter({ hasText: '$5.00' }).waitFor({ timeout: 20_000 });
    await page.getByText('● Jonli').waitFor({ timeout: 30_000 });

    // A simulated phone on a home connection shares traffic; income is credited per report
    // batch and pushed over the live socket: the dashboard shows it without a reload.
    const phone = new SimDevice({
      url: stack.gatewayUrl,
      token,
      deviceId: `web-e2e-${EARNER}`,
      intervalS: 10,
      dupRate: 0,
      reorderRate: 0,
      publicIp: '73.162.10.20',
    });
    expect(await phone.start()).toBe(true);
    const frames = liveFrames.get(page)!;
    // Credits can land after the loop's last tick, so the screen is compared with the newest
    // balance_update frame at each look, not with the first one seen.
    const latestBalance = () =>
      frames
        .map((f) => JSON.parse(f) as { type: string; data: { balance_usd: number } })
        .filter((m) => m.type === 'balance_update')
        .at(-1)?.data.balance_usd;
    // The phone reports until the first credit is pushed (a report batch is credited at once;
    // a loaded machine may take several reports).
    await poll(
      'a balance_update frame on the live socket',
      async () => {
        if (latestBalance() !== undefined) return true;
        await phone.tick();
        return undefined;
      },
      90_000,
      500,
    );
    expect(latestBalance()).toBeGreaterThan(5);
    // The screen catches up with the newest frame (looked up again at every look).
    let shown = '';
    await poll('the dashboard showing the newest balance_update', async () => {
      shown = (await page.getByTestId('balance-usd').first().textContent()) ?? '';
      return shown.includes(`$${latestBalance()!.toFixed(2)}`) ? true : undefined;
    });
    expect(shown).toContain(`$${latestBalance()!.toFixed(2)}`);
    await screenshot(page, 'app-dashboard-live-light-uz');
    await phone.finish();

    // Withdraw 2 USD to a checksummed address: the checksum is checked as it is typed.
    const address = toChecksumAddress(`0x${randomBytes(20).toString('hex')}`);
    await page.locator('[data-screen="withdraw"]').click();
    await settled(page);
    await page.getByTestId('withdraw-amount').fill('2');
    await page.getByTestId('withdraw-address').fill(address.slice(0, 20));
    await page.locator('[data-testid="address-state"][data-kind="incomplete"]').waitFor();
    await page.getByTestId('withdraw-address').fill(address);
    await page.locator('[data-testid="address-state"][data-kind="ok"]').waitFor();
    await page.getByTestId('withdraw-continue').click();
    await page.getByTestId('confirm-address').filter({ hasText: address }).waitFor();
    await screenshot(page, 'app-withdraw-confirm-light-uz');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('withdraw-confirm').click();
    await page.locator('[data-testid="withdraw-status"] [data-status="completed"]').waitFor({
      timeout: 60_000,
    });
    const link = await page.getByTestId('bscscan').getAttribute('href');
    expect(link).toMatch(/^https:\/\/bscscan\.com\/tx\/0x[0-9a-f]{64}$/);
    await page
      .getByTestId('recent-withdrawals')
      .locator('[data-status="completed"]')
      .waitFor({ timeout: 30_000 });
    await screenshot(page, 'app-withdraw-completed-light-uz');
    expect(await seriousViolations(page)).toEqual([]);
    const mine = await api('GET', '/api/withdraws', token);
    expect((mine.withdraws as Array<{ status: string }>)[0].status).toBe('completed');
    await page.close();

    // The admin panel's queue shows it as completed.
    const admin = await openPage('/admin', ADMIN, 'Boss');
    await admin.locator('[data-page="withdraws"]').click();
    await admin.getByTestId('wd-status').selectOption('completed');
    const row = admin
      .getByTestId('wd-table')
      .locator('tr', { hasText: String(EARNER) })
      .first();
    await row.waitFor({ timeout: 30_000 });
    await row.locator('[data-open]').click();
    await admin
      .getByTestId('withdraw-facts')
      .filter({ hasText: String(EARNER) })
      .waitFor();
    await screenshot(admin, 'admin-withdraw-details');
    expect(await seriousViolations(admin)).toEqual([]);
    await admin.close();
  }, 120_000);

  it('a user sends a support request that an admin answers in the panel; the user sees the reply', async () => {
    const subject = `Balans ${Date.now()}`;
    const user = await openPage('/app', USER, 'Dilshod');
    await user.locator('[data-screen="support"]').click();
    await settled(user);
    await user.getByTestId('support-subject').fill(subject);
    await user.getByTestId('support-message').fill('Kechagi trafik hisoblanmadi');
    await user.getByTestId('support-send').click();
    await user.getByTestId('tickets').getByText(subject).waitFor({ timeout: 15_000 });
    await screenshot(user, 'app-support-sent-light-uz');

    const admin = await openPage('/admin', ADMIN, 'Boss');
    await admin.locator('[data-page="support"]').click();
    await admin.getByRole('button', { name: subject }).click();
    await admin.getByTestId('support-reply').fill('Hisoblandi, tekshiring');
    await admin.getByTestId('support-reply-send').click();
    await admin.getByTestId('reply').filter({ hasText: 'Hisoblandi' }).waitFor({ timeout: 15_000 });
    await screenshot(admin, 'admin-support-replied');
    expect(await seriousViolations(admin)).toEqual([]);
    await admin.close();

    // The user's history shows the answer (after switching back to the screen).
    await user.locator('[data-screen="dashboard"]').click();
    await user.locator('[data-screen="support"]').click();
    await user.getByRole('button', { name: subject }).click();
    await user.getByTestId('reply').filter({ hasText: 'Hisoblandi, tekshiring' }).waitFor({
      timeout: 15_000,
    });
    await user
      .getByTestId('tickets')
      .locator('[data-status="replied"]')
      .waitFor({ timeout: 15_000 });
    expect(await user.getByTestId('tickets').locator('[data-status="replied"]').count()).toBe(1);
    await screenshot(user, 'app-support-replied-light-uz');
    await user.close();
  }, 90_000);

  it('a user enrols 2FA in the Mini App (QR code) and withdraws with a TOTP code', async () => {
    const adminToken = await loginApi(ADMIN);
    const token = await loginApi(TWOFA);
    await api('PATCH', '/api/user/settings', token, { language: 'uz' });
    await api('PATCH', `/api/admin/users/${TWOFA}/adjust_balance`, adminToken, {
      amount_usd: 10,
      note: 'e2e web 2fa',
    });
    const page = await openPage('/app', TWOFA, 'Nodira');
    await page
      .getByTestId('balance-usd')
      .filter({ hasText: '$10.00' })
      .waitFor({ timeout: 20_000 });
    const enrol = async (theme: 'light' | 'dark') => {
      await page.locator('[data-screen="profile"]').click();
      await settled(page);
      await page.getByTestId('twofa-enable').click();
      const secret = page.getByTestId('twofa-secret');
      await secret.waitFor({ timeout: 15_000 });
      await page.locator('img.qr').waitFor({ timeout: 15_000 }); // the QR code is drawn
      await screenshot(page, `app-2fa-enrol-${theme}-uz`);
      expect(await seriousViolations(page)).toEqual([]);
      return base32Decode((await secret.getAttribute('data-secret'))!);
    };
    const setTheme = async (theme: 'light' | 'dark') => {
      await page.locator('[data-screen="settings"]').click();
      await page.getByTestId('theme').selectOption(theme);
      await themed(page, theme);
    };
    // Light, then dark: enrolling again replaces the pending secret; the second one is verified.
    await enrol('light');
    await setTheme('dark');
    const secret = await enrol('dark');
    // A code is good once and within one 30 s step of the server's clock: each use takes the
    // next unused step, waiting for the clock when that step is still too far ahead.
    let lastStep = stepAt(Date.now()) - 1;
    const nextCode = async () => {
      const step = Math.max(lastStep + 1, stepAt(Date.now()));
      await poll(
        'the next TOTP step',
        () => (stepAt(Date.now()) >= step - 1 ? true : undefined),
        45_000,
        500,
      );
      lastStep = step;
      return hotp(secret, step);
    };
    await page.getByTestId('twofa-code').fill(await nextCode());
    await page.getByTestId('twofa-submit').click();
    await page
      .locator('[data-testid="twofa-state"][data-enabled="true"]')
      .waitFor({ timeout: 15_000 });
    await screenshot(page, 'app-2fa-on-dark-uz');
    expect((await api('GET', '/api/user/profile', token)).two_factor_enabled).toBe(true);

    const withdraw = async (theme: 'light' | 'dark', wrongFirst: boolean) => {
      const address = toChecksumAddress(`0x${randomBytes(20).toString('hex')}`);
      await page.locator('[data-screen="withdraw"]').click();
      await settled(page);
      await page.getByTestId('withdraw-amount').fill('2');
      await page.getByTestId('withdraw-address').fill(address);
      await page.locator('[data-testid="address-state"][data-kind="ok"]').waitFor();
      await page.getByTestId('withdraw-continue').click();
      await page.getByTestId('confirm-address').filter({ hasText: address }).waitFor();
      // 2FA is on: the code field is there and nothing is sent without six digits.
      await page.getByTestId('withdraw-code').waitFor();
      expect(await page.getByTestId('withdraw-confirm').isDisabled()).toBe(true);
      if (wrongFirst) {
        // A code of a long-past step never matches: refused, said in words.
        await page.getByTestId('withdraw-code').fill(hotp(secret, stepAt(Date.now()) - 20));
        await page.getByTestId('withdraw-confirm').click();
        await page
          .getByRole('alert')
          .filter({ hasText: '2FA kodi noto‘g‘ri' })
          .waitFor({ timeout: 30_000 });
        await screenshot(page, `app-withdraw-2fa-wrong-${theme}-uz`);
      }
      await page.getByTestId('withdraw-code').fill(await nextCode());
      await screenshot(page, `app-withdraw-2fa-confirm-${theme}-uz`);
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByTestId('withdraw-confirm').click();
      await page.locator('[data-testid="withdraw-status"] [data-status="completed"]').waitFor({
        timeout: 60_000,
      });
      await screenshot(page, `app-withdraw-2fa-completed-${theme}-uz`);
      return address;
    };
    const first = await withdraw('dark', true);
    await setTheme('light');
    await page.locator('[data-screen="profile"]').click();
    await page.locator('[data-testid="twofa-state"][data-enabled="true"]').waitFor();
    await screenshot(page, 'app-2fa-on-light-uz');
    const second = await withdraw('light', false);
    const mine = (await api('GET', '/api/withdraws', token)).withdraws as Array<{
      status: string;
      wallet_address: string;
    }>;
    expect(mine.map((w) => [w.wallet_address.toLowerCase(), w.status]).sort()).toEqual(
      [
        [first.toLowerCase(), 'completed'],
        [second.toLowerCase(), 'completed'],
      ].sort(),
    );
    await page.close();
  }, 240_000);

  it('a moderator does not see the superadmin sections', async () => {
    const adminToken = await loginApi(ADMIN);
    await api('POST', '/api/admin/admins/add', adminToken, {
      telegram_id: MODERATOR,
      role: 'moderator',
    });
    const page = await openPage('/admin', MODERATOR, 'Mod');
    await page.locator('[data-page="users"]').waitFor({ timeout: 30_000 });
    // A moderator's sections are there; the superadmin ones are not.
    for (const shown of ['dashboard', 'users', 'apis', 'withdraws', 'blacklist']) {
      expect([shown, await page.locator(`[data-page="${shown}"]`).count()]).toEqual([shown, 1]);
    }
    for (const hidden of [
      'referrals',
      'admins',
      'prices',
      'filter',
      'settings',
      'newsPromo',
      'reports',
      'support',
      'pool',
      'logs',
    ]) {
      expect([hidden, await page.locator(`[data-page="${hidden}"]`).count()]).toEqual([hidden, 0]);
    }
    // Every page a moderator sees loads without an error (nothing it may not read is asked).
    for (const theme of ['light', 'dark'] as const) {
      await page.getByTestId('admin-theme').selectOption(theme);
      await themed(page, theme);
      for (const p of ['dashboard', 'users', 'apis', 'withdraws', 'blacklist']) {
        await page.locator(`[data-page="${p}"]`).click();
        await settled(page);
        await screenshot(page, `admin-moderator-${p}-${theme}-uz`);
      }
    }
    await page.close();
  }, 60_000);

  it('an admin publishes an announcement: it arrives live in the user’s notifications and shows NEW in News', async () => {
    const title = `Yangilik ${Date.now()}`;
    const user = await openPage('/app', USER, 'Dilshod');
    await user.locator('[data-screen="notifications"]').click();
    await settled(user);
    // The list is loaded and the socket is open before the announcement exists.
    await user
      .locator('[data-testid="notifications-live"][data-connected="true"]')
      .waitFor({ timeout: 30_000 });

    const admin = await openPage('/admin', ADMIN, 'Boss');
    await admin.locator('[data-page="newsPromo"]').click();
    await settled(admin);
    await admin.getByTestId('news-title').fill(title);
    await admin.getByTestId('news-description').fill('Yangi narxlar va bonuslar');
    await admin.getByLabel('Foydalanuvchilarga xabar berish').check();
    for (const theme of ['dark', 'light'] as const) {
      await admin.getByTestId('admin-theme').selectOption(theme);
      await themed(admin, theme);
      await screenshot(admin, `admin-news-form-${theme}-uz`);
      expect([theme, await seriousViolations(admin)]).toEqual([theme, []]);
    }
    await admin.getByTestId('news-create').click();
    await admin.getByTestId('admin-announcements').getByText(title).waitFor({ timeout: 15_000 });
    await admin.close();

    // It came over the socket: the screen was not reloaded, and a notification frame carried it.
    const item = user.getByTestId('notifications').locator('li', { hasText: title });
    await item.waitFor({ timeout: 60_000 });
    expect(await item.locator('.badge-new').count()).toBe(1);
    const frames = liveFrames.get(user)!;
    expect(frames.some((f) => f.includes('"notification"') && f.includes(title))).toBe(true);
    await screenshot(user, 'app-notification-live-light-uz');
    expect(await seriousViolations(user)).toEqual([]);

    const showNews = async (theme: 'light' | 'dark') => {
      await user.locator('[data-screen="promo"]').click();
      await settled(user);
      const news = user.getByTestId('announcements').locator('li', { hasText: title });
      await news.waitFor({ timeout: 15_000 });
      expect(await news.locator('.badge-new').count()).toBe(1);
      await screenshot(user, `app-news-new-${theme}-uz`);
    };
    await showNews('light');
    await user.locator('[data-screen="settings"]').click();
    await user.getByTestId('theme').selectOption('dark');
    await themed(user, 'dark');
    await user.locator('[data-screen="notifications"]').click();
    await settled(user);
    await user.getByTestId('notifications').locator('li', { hasText: title }).waitFor();
    await screenshot(user, 'app-notification-live-dark-uz');
    expect(await seriousViolations(user)).toEqual([]);
    await showNews('dark');
    await user.close();
  }, 150_000);

  it('an admin downloads the reports (XLSX, PDF, CSV) and keeps the withdrawal blacklist', async () => {
    const adminToken = await loginApi(ADMIN);
    const admin = await openPage('/admin', ADMIN, 'Boss');
    await admin.locator('[data-page="reports"]').click();
    await settled(admin);
    const day = (offset: number) =>
      new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const today = day(0);
    const download = async (report: string, type: 'csv' | 'xlsx' | 'pdf') => {
      await admin.getByTestId('report-kind').selectOption(report);
      const [file, answer] = await Promise.all([
        admin.waitForEvent('download', { timeout: 60_000 }),
        admin.waitForResponse((r) => r.url().includes('/api/admin/reports/export'), {
          timeout: 60_000,
        }),
        admin.getByTestId(`report-${type}`).click(),
      ]);
      // The admin's token travels in a header, never in the URL.
      const auth = (await answer.request().allHeaders()).authorization ?? '';
      expect(auth).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
      expect(answer.url()).not.toContain(auth.slice(7));
      return {
        name: file.suggestedFilename(),
        contentType: answer.headers()['content-type'],
        bytes: readFileSync(await file.path()),
      };
    };
    // Today's daily totals: one row, within the XLSX/PDF limit.
    await admin.getByTestId('report-from').fill(today);
    await admin.getByTestId('report-to').fill(today);
    const xlsx = await download('daily', 'xlsx');
    expect(xlsx.contentType).toBe(XLSX);
    expect(xlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK'); // a ZIP container
    expect(xlsx.name).toBe(`daily-${today}-${day(1)}.xlsx`);
    await admin.getByRole('status').filter({ hasText: xlsx.name }).waitFor();
    const pdf = await download('daily', 'pdf');
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The last 30 days' users are more rows than XLSX may hold: refused, said in words;
    // CSV has no row limit.
    await admin.getByTestId('report-from').fill(day(-30));
    await admin.getByTestId('report-kind').selectOption('users');
    const refused = admin.waitForResponse((r) => r.url().includes('/api/admin/reports/export'));
    await admin.getByTestId('report-xlsx').click();
    expect((await refused).status()).toBe(400);
    await admin
      .getByRole('alert')
      .filter({
        hasText: `Bu format uchun qatorlar juda ko‘p (ko‘pi bilan ${EXPORT_MAX_ROWS})`,
      })
      .waitFor({ timeout: 30_000 });
    await screenshot(admin, 'admin-reports-too-large-light-uz');
    const csv = await download('users', 'csv');
    expect(csv.contentType).toMatch(/^text\/csv/);
    expect(csv.bytes.toString('utf8')).toContain(String(TWOFA));
    expect(csv.name).toBe(`users-${day(-30)}-${day(1)}.csv`);

    // The blacklist: an address added with a note holds a user's withdrawal to it for review.
    await admin.locator('[data-page="blacklist"]').click();
    await settled(admin);
    const address = toChecksumAddress(`0x${randomBytes(20).toString('hex')}`);
    const stored = address.toLowerCase();
    await admin.getByTestId('bl-address').fill(address);
    await admin.locator('[data-testid="bl-address-state"][data-kind="ok"]').waitFor();
    expect(await admin.getByTestId('bl-add').isDisabled()).toBe(true); // the note is mandatory
    await admin.getByTestId('bl-note').fill('e2e: firibgarlik');
    await admin.getByTestId('bl-add').click();
    const row = admin.locator(`[data-address="${stored}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain('e2e: firibgarlik');
    for (const theme of ['dark', 'light'] as const) {
      await admin.getByTestId('admin-theme').selectOption(theme);
      await themed(admin, theme);
      await screenshot(admin, `admin-blacklist-added-${theme}-uz`);
      expect([theme, await seriousViolations(admin)]).toEqual([theme, []]);
    }
    const listed = (await api('GET', '/api/admin/withdraws/blacklist', adminToken))
      .entries as Array<{
      address: string;
      reason: string;
    }>;
    expect(listed.find((e) => e.address === stored)?.reason).toBe('e2e: firibgarlik');

    const user = await openPage('/app', USER, 'Dilshod');
    await user.locator('[data-screen="withdraw"]').click();
    await settled(user);
    await user.getByTestId('withdraw-amount').fill('1.5');
    await user.getByTestId('withdraw-address').fill(address);
    await user.locator('[data-testid="address-state"][data-kind="ok"]').waitFor();
    await user.getByTestId('withdraw-continue').click();
    await user.getByTestId('confirm-address').filter({ hasText: address }).waitFor();
    await user.getByTestId('withdraw-confirm').click();
    await user
      .locator('[data-testid="withdraw-status"] [data-status="pending_manual_review"]')
      .waitFor({ timeout: 60_000 });
    await screenshot(user, 'app-withdraw-review-light-uz');
    await user.close();

    // The queue shows it with the blacklisted factor; the admin rejects it with a note.
    await admin.locator('[data-page="withdraws"]').click();
    const queued = admin
      .getByTestId('wd-table')
      .locator('tr', { hasText: String(USER) })
      .first();
    await queued.waitFor({ timeout: 30_000 });
    expect(await queued.textContent()).toContain('blacklisted_address');
    await queued.locator('[data-open]').click();
    await admin.getByTestId('action-note').fill('e2e: qora ro‘yxatdagi manzil');
    await admin.locator('[data-action="reject"]').click();
    await admin
      .getByTestId('withdraw-facts')
      .locator('[data-status="canceled"]')
      .waitFor({ timeout: 30_000 });

    // Taken off the blacklist with a note.
    await admin.locator('[data-page="blacklist"]').click();
    await settled(admin);
    await admin.locator(`[data-remove="${stored}"]`).click();
    await admin.getByTestId('bl-remove-note').fill('e2e: tekshirildi');
    await admin.getByTestId('bl-remove-confirm').click();
    await admin
      .locator(`[data-address="${stored}"]`)
      .waitFor({ state: 'detached', timeout: 15_000 });
    const after = (await api('GET', '/api/admin/withdraws/blacklist', adminToken))
      .entries as Array<{
      address: string;
    }>;
    expect(after.some((e) => e.address === stored)).toBe(false);
    await admin.close();
  }, 180_000);
});
