// Browser tests of the web pages, in Debian's chromium through playwright-core (no browser
// download). Starts `intervision serve` (env INTERVISION_BINARY, default build/intervision) on a
// free port with a temporary data folder and a mail folder, then drives the pages as people
// would: register, be waitlisted, cancel by the personal link so the waitlisted person is
// promoted; staff sign-in, roll, walk-in, themes, a case note with its redaction preview; admin
// purge preview and report; axe-core on every page in FR, NL and EN; no horizontal scrolling at
// 375 px; screenshots at 375 and 1280 px into tests/browser/artifacts/.
// `--mock` runs against tests/browser/mock_server.mjs instead (for page work without the server).
// Prints `N passed, M failed` last; exits 1 if anything failed.

import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { report_flow } from './report_flow.mjs';
import { feedback_flow } from './feedback_flow.mjs';
import { admin_flow } from './admin_flow.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const axe_path = require.resolve('axe-core/axe.min.js');

const use_mock = process.argv.includes('--mock');
const only = (() => { const i = process.argv.indexOf('--only'); return i > 0 ? process.argv[i + 1] : null; })();
const binary = resolve(root, process.env.INTERVISION_BINARY || 'build/intervision');
const artifacts = join(here, 'artifacts');
mkdirSync(artifacts, { recursive: true });
const langs = ['fr', 'nl', 'en'];
const pages = [['index', '/'], ['privacy', '/privacy'], ['manage', '/manage'], ['staff', '/staff'], ['admin', '/admin']];

// ---------- a tiny test harness ----------
const results = [];
async function test(name, fn) {
  if (only && !name.includes(only)) return;
  const t0 = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name}: ${(e && e.stack) || e}`.split('\n').slice(0, 6).join('\n'));
  }
}
function check(cond, msg) { if (!cond) throw new Error(msg); }
function eq(a, b, msg) { if (a !== b) throw new Error(`${msg}: expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`); }
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------- the server ----------
const tmp = mkdtempSync(join(tmpdir(), 'intervision-browser-'));
const outbox = join(tmp, 'outbox');
mkdirSync(outbox, { recursive: true });
const port = 18080 + Math.floor(Math.random() * 2000);
let server;
let base;
let admin_password;
const admin_email = 'coordination@example.org';

async function start_server() {
  const env = {
    ...process.env,
    INTERVISION_MAIL_TRANSPORT: 'directory',
    INTERVISION_MAIL_DIRECTORY: outbox,
    INTERVISION_MAIL_POLL_SECONDS: '1',
    // Every registration of the scenarios comes from 127.0.0.1: above a real intervision's limits.
    INTERVISION_SECURITY_REGISTRATIONS_PER_ADDRESS_HOUR: '100000',
    INTERVISION_SECURITY_REGISTRATIONS_PER_EMAIL_HOUR: '100000',
    INTERVISION_SERVER_PUBLIC_URL: `http://127.0.0.1:${port}`,
    INTERVISION_SERVER_WEB_ROOT: join(root, 'web'),
  };
  const [cmd, args] = use_mock
    ? [process.execPath, [join(here, 'mock_server.mjs'), '--port', String(port), '--data', join(tmp, 'data'), '--admin-email', admin_email]]
    : [binary, ['serve', '--port', String(port), '--data', join(tmp, 'data'), '--admin-email', admin_email]];
  if (!use_mock && !existsSync(binary)) throw new Error(`no server binary at ${binary} (set INTERVISION_BINARY)`);
  server = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  server.stdout.on('data', (d) => { out += d; });
  server.stderr.on('data', (d) => { err += d; });
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    const m = /intervision serving on (http:\/\/[^\s]+)/.exec(out);
    const p = /one-time password (\S+) \(shown only now\)/.exec(out + err);
    if (m && p) { base = m[1].replace(/\/$/, ''); admin_password = p[1]; return; }
    if (server.exitCode !== null) break;
    await sleep(100);
  }
  throw new Error(`server did not start (exit ${server.exitCode}):\n${out}\n${err.slice(-2000)}`);
}

function stop_server() {
  if (server && server.exitCode === null) server.kill('SIGTERM');
}

// ---------- mail ----------
function decode_qp(s) {
  return s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (m, h) => String.fromCharCode(parseInt(h, 16)));
}
function mails_to(email) {
  return readdirSync(outbox).filter((f) => f.endsWith('.eml')).sort()
    .map((f) => decode_qp(readFileSync(join(outbox, f), 'latin1')))
    .filter((m) => m.toLowerCase().includes(email.toLowerCase()));
}
async function wait_for_mail(email, count = 1, timeout = 20000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const list = mails_to(email);
    if (list.length >= count) return list;
    await sleep(250);
  }
  throw new Error(`no mail #${count} to ${email} in ${timeout} ms`);
}
// The calendar attached to a mail (base64), decoded.
function ics_of(mail) {
  const m = /Content-Type: text\/calendar[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n([A-Za-z0-9+/=\r\n]+)/.exec(mail);
  return m ? Buffer.from(m[1].replace(/\s/g, ''), 'base64').toString('utf8') : '';
}
function personal_link(mail) {
  const m = /https?:\/\/[^\s"<>]+\/manage#token=[A-Za-z0-9_\-.~%]+/.exec(mail);
  check(m, 'the mail carries a personal link');
  return m[0].replace(/^https?:\/\/[^/]+/, base);
}

// ---------- browser helpers ----------
const chromium_args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
let browser;
const csp_violations = [];

async function new_context(opts = {}) {
  const ctx = await browser.newContext({ locale: 'fr-BE', viewport: { width: 1280, height: 900 }, acceptDownloads: true, ...opts });
  ctx.on('page', watch);
  return ctx;
}
function watch(page) {
  page.on('console', (m) => {
    const text = m.text();
    if (/Content Security Policy|Refused to (load|execute|apply)/i.test(text)) csp_violations.push(`${page.url()}: ${text}`);
  });
  page.on('pageerror', (e) => csp_violations.push(`${page.url()}: page error: ${e.message}`));
}
async function open(ctx, path) {
  const page = await ctx.newPage();
  await page.goto(base + path);
  await page.waitForFunction(() => document.documentElement.lang && document.querySelector('.lang-switch [aria-pressed="true"]'));
  // Pages whose script loads after the first paint (after_paint.js) are ready once it ran.
  await page.waitForFunction(() => !document.documentElement.dataset.script || document.documentElement.dataset.ready === 'yes');
  return page;
}

async function sign_in(page, email, password) {
  await page.waitForSelector('#signin:not([hidden]), #account-bar:not([hidden])');
  if (await page.isVisible('#account-bar')) return;
  await page.fill('#signin-email', email);
  await page.fill('#signin-password', password);
  await page.click('#signin-form button[type="submit"]');
  await page.waitForSelector('#account-bar:not([hidden])', { timeout: 10000 });
}

async function api_in_page(page, method, path, body) {
  return page.evaluate(async ([m, p, b]) => {
    const headers = { 'Content-Type': 'application/json', 'X-CSRF-Token': sessionStorage.getItem('intervision.csrf') || '' };
    const r = await fetch(p, { method: m, headers, credentials: 'same-origin', body: b === undefined ? undefined : JSON.stringify(b) });
    const text = await r.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    return { status: r.status, json, text };
  }, [method, path, body]);
}

async function fill_registration(page, p) {
  await page.fill('#reg-name', p.name);
  await page.fill('#reg-email', p.email);
  if (p.phone !== undefined) await page.fill('#reg-phone', p.phone);
  await page.fill('#reg-organisation', p.organisation);
  await page.selectOption('#reg-sector', p.sector || 'mental_health');
  if (p.all) await page.check('#reg-scope-all');
  if (p.consent !== false) await page.check('#reg-consent');
}

async function no_horizontal_scroll(page, where) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  const vw = await page.evaluate(() => window.innerWidth);
  check(w <= vw + 1, `${where}: the page is ${w}px wide in a ${vw}px viewport`);
}

// ---------- the scenarios ----------
async function main() {
  await test('i18n: language files complete and consistent, pages CSP-clean', async () => {
    execFileSync(process.execPath, [join(here, 'i18n_check.mjs')], { stdio: 'pipe' });
  });

  await start_server();
  console.log(`# server ${use_mock ? '(mock) ' : ''}at ${base}`);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: chromium_args, headless: true });

  const admin_ctx = await new_context();
  let admin_page;
  let session; // the session everyone registers for
  const ann = { name: 'Annick Vermeulen', email: 'annick@example.org', organisation: 'Het Huis vzw', sector: 'mental_health' };
  const bert = { name: 'Bertrand Lefèvre', email: 'bertrand@example.org', organisation: 'Le Relais asbl', sector: 'addiction' };
  const chloe = { name: 'Chloé Dubois', email: 'chloe@example.org', organisation: 'Smes', sector: 'poverty' };
  const links = {};

  await test('admin signs in on /staff with the one-time password', async () => {
    admin_page = await open(admin_ctx, '/staff');
    await sign_in(admin_page, admin_email, admin_password);
    // The one-time password opens nothing but its own change: the API refuses the rest until then.
    const refused = await api_in_page(admin_page, 'GET', '/api/v1/audit');
    check(refused.status === 403, `before the change the API refuses: ${refused.status}`);
    const chosen = 'Zonnebloem-Rivier-7316';
    const changed = await api_in_page(admin_page, 'POST', '/api/v1/auth/password', { current_password: admin_password, new_password: chosen });
    check(changed.status >= 200 && changed.status < 300, `password change answers ${changed.status} ${changed.text}`);
    admin_password = chosen;
    await admin_page.reload();
    await sign_in(admin_page, admin_email, admin_password);
    await admin_page.waitForSelector('#workspace:not([hidden])');
    const who = await admin_page.textContent('#account-who');
    check(who.includes(admin_email), `signed-in line names the account: ${who}`);
  });

  await test('public page lists sessions by series, with a month view', async () => {
    const ctx = await new_context();
    const page = await open(ctx, '/');
    await page.waitForSelector('#list-view .session-card');
    const groups = await page.$$eval('#list-view h3', (hs) => hs.map((h) => h.textContent));
    check(groups.length >= 1, 'at least one series heading');
    const sessions = await (await fetch(`${base}/api/v1/sessions`)).json();
    session = sessions.find((s) => s.series === 'cross-sector' && s.registration_open && s.state === 'scheduled');
    check(session, 'an open cross-sector session exists');
    await page.click('#view-month');
    await page.waitForSelector('#month-view:not([hidden]) table.month td');
    check(await page.isVisible('#month-title'), 'month title shown');
    const links_ics = await page.$$eval('#calendar-links a', (as) => as.map((a) => a.getAttribute('href')));
    check(links_ics.includes('/calendar/all.ics?lang=fr') && links_ics.includes('/calendar/cross-sector.ics?lang=fr'), `calendar links: ${links_ics}`);
    const ics = await fetch(`${base}/calendar/all.ics`);
    eq(ics.status, 200, 'all.ics answers');
    await ctx.close();
  });

  await test('admin lowers the session capacity to 1 in /admin', async () => {
    const page = await open(admin_ctx, '/admin');
    await page.waitForSelector('#admin-area:not([hidden])');
    await page.waitForSelector(`#edit-session-${session.id}`);
    await page.click(`#edit-session-${session.id}`);
    await page.fill('#se-capacity', '1');
    await page.click('#session-form button[type="submit"]');
    await page.waitForSelector('#session-edit-error.notice.success');
    const s = await (await fetch(`${base}/api/v1/sessions/${session.id}`)).json();
    eq(s.capacity, 1, 'capacity after the edit');
    await page.close();
  });

  // ---- issue 19: audience, plurals, form errors, in FR, NL and EN at phone and desktop widths ----
  const widths = [{ width: 375, height: 812 }, { width: 1280, height: 900 }];
  const locales = { fr: 'fr-BE', nl: 'nl-BE', en: 'en-GB' };
  const expected = {
    one_seat: { fr: 'Encore 1 place', nl: 'Nog 1 plaats', en: '1 seat left' },
    ztg_audience: { fr: 'Pair-aidants travaillant dans', nl: 'Ervaringsdeskundigen die werken in', en: 'Peer helpers working in' },
    required: { fr: 'Veuillez remplir ce champ.', nl: 'Vul dit veld in.', en: 'Please fill this in.' },
    choose: { fr: 'Veuillez choisir une des options.', nl: 'Kies een van de mogelijkheden.', en: 'Please choose one of the options.' },
    sector_refused: { fr: "Cette série n'est pas ouverte à ce secteur.", nl: 'Deze reeks staat niet open voor deze sector.', en: 'This series is not open to this sector.' },
  };

  await test('plurals: one seat left is singular in FR, NL and EN (Intl.PluralRules), phone and desktop', async () => {
    for (const l of langs) {
      for (const viewport of widths) {
        const ctx = await new_context({ locale: locales[l], viewport });
        const page = await open(ctx, `/#session-${session.id}`);
        await page.waitForSelector('#detail-facts dd');
        const facts = await page.textContent('#detail-facts');
        check(facts.includes(expected.one_seat[l]), `${l} ${viewport.width}px: "${expected.one_seat[l]}" in ${facts}`);
        const card = await page.textContent(`#list-view li:has(a[href="#session-${session.id}"]) .badge`);
        eq(card, expected.one_seat[l], `${l} ${viewport.width}px: the card's badge`);
        await ctx.close();
      }
    }
  });

  let ztg_session;
  await test('audience: a ZTG session says who may register; the form offers only the ZTG sector and the peer-helper role', async () => {
    const sessions = await (await fetch(`${base}/api/v1/sessions?series=ztg-peers`)).json();
    ztg_session = sessions.find((s) => s.registration_open);
    check(ztg_session, 'an open ztg-peers session');
    check(JSON.stringify(ztg_session.audience) === JSON.stringify({ roles: ['peer_helper'], sectors: ['ztg'] }), `audience in the API: ${JSON.stringify(ztg_session.audience)}`);
    for (const l of langs) {
      for (const viewport of widths) {
        const ctx = await new_context({ locale: locales[l], viewport });
        const page = await open(ctx, `/#session-${ztg_session.id}`);
        await page.waitForSelector('#register-area:not([hidden])');
        const facts = await page.textContent('#detail-facts');
        check(facts.includes(expected.ztg_audience[l]), `${l}: audience fact in ${facts}`);
        const options = await page.$$eval('#reg-sector option', (os) => os.map((o) => o.value).filter(Boolean));
        eq(JSON.stringify(options), '["ztg"]', `${l}: sectors offered`);
        check(!(await page.isVisible('#reg-role-coord')), `${l}: the coordinator role is not offered`);
        check(await page.isChecked('#reg-role-peer'), `${l}: peer helper chosen`);
        const note = await page.textContent('#register-audience');
        check(note.includes('PAT') && note.length > 80, `${l}: a sentence for those who do not fit: ${note}`);
        await ctx.close();
      }
    }
  });

  await test('audience: a 403 names the field (sector), shown next to the sector menu in each language', async () => {
    for (const l of langs) {
      const ctx = await new_context({ locale: locales[l] });
      const page = await open(ctx, `/#session-${ztg_session.id}`);
      await page.waitForSelector('#register-area:not([hidden])');
      // An old form (or a script) could still send another sector: the server refuses and names it.
      await page.evaluate(() => { const o = document.createElement('option'); o.value = 'mental_health'; o.textContent = 'x'; document.querySelector('#reg-sector').append(o); });
      await fill_registration(page, { ...ann, email: `audience-${l}@example.org`, sector: 'mental_health' });
      await page.click('#register-submit');
      await page.waitForSelector('#register-form-sector-error');
      eq(await page.textContent('#register-form-sector-error'), expected.sector_refused[l], `${l}: the sector's error`);
      eq(await page.getAttribute('#reg-sector', 'aria-invalid'), 'true', `${l}: sector marked invalid`);
      eq(await page.evaluate(() => document.activeElement.id), 'reg-sector', `${l}: focus on the field that does not fit`);
      const api = await api_in_page(page, 'POST', `/api/v1/sessions/${ztg_session.id}/registrations`,
        { name: 'A B', email: 'ab@example.org', organisation: 'X', sector: 'mental_health', role: 'coordinator', language: l, consent: true });
      eq(api.status, 403, 'the API refuses');
      check(api.json.errors.role && !api.json.errors.sector, `the role is named first: ${api.text}`);
      await ctx.close();
    }
  });

  await test('form errors: focus on the first invalid field, "choose" for menus, consent error under its box, re-rendered on a language switch', async () => {
    for (const viewport of widths) {
      const ctx = await new_context({ locale: 'fr-BE', viewport });
      const page = await open(ctx, `/#session-${session.id}`);
      await page.waitForSelector('#register-area:not([hidden])');
      await page.click('#register-submit');
      await page.waitForSelector('#register-form-name-error');
      eq(await page.evaluate(() => document.activeElement.id), 'reg-name', 'focus on the first field');
      await page.fill('#reg-name', 'Zoé Martin');
      await page.click('#register-submit');
      await page.waitForSelector('#register-form-consent-error');
      eq(await page.evaluate(() => document.activeElement.id), 'reg-email', 'focus on the first invalid field (email), not the sector');
      eq(await page.textContent('#register-form-sector-error'), expected.choose.fr, 'a menu is chosen, not filled in');
      const box = await page.locator('#reg-consent').boundingBox();
      const err = await page.locator('#register-form-consent-error').boundingBox();
      check(err.y >= box.y + box.height - 1, `consent error under the checkbox (${err.y} vs ${box.y + box.height})`);
      check(err.width > Math.min(250, viewport.width - 80), `consent error has the whole width: ${err.width}px`);
      // Switch to Dutch: errors follow, and so does the mail language (not chosen by hand).
      await page.click('.lang-switch button[data-lang="nl"]');
      await page.waitForFunction(() => document.documentElement.lang === 'nl');
      eq(await page.textContent('#register-form-email-error'), expected.required.nl, 'the email error in Dutch');
      eq(await page.textContent('#register-form-sector-error'), expected.choose.nl, 'the sector error in Dutch');
      eq(await page.inputValue('#reg-language'), 'nl', 'mail language follows the page');
      await page.selectOption('#reg-language', 'fr');
      await page.click('.lang-switch button[data-lang="en"]');
      await page.waitForFunction(() => document.documentElement.lang === 'en');
      eq(await page.textContent('#register-form-email-error'), expected.required.en, 'the email error in English');
      eq(await page.inputValue('#reg-language'), 'fr', 'a mail language chosen by hand stays');
      await ctx.close();
    }
  });

  await test('registration: errors appear next to their fields, translated', async () => {
    const ctx = await new_context({ locale: 'en-GB' });
    const page = await open(ctx, `/#session-${session.id}`);
    await page.waitForSelector('#register-area:not([hidden])');
    await page.click('#register-submit');
    await page.waitForSelector('#register-form-name-error');
    eq(await page.getAttribute('#reg-name', 'aria-invalid'), 'true', 'name marked invalid');
    check((await page.getAttribute('#reg-name', 'aria-describedby')).includes('register-form-name-error'), 'name described by its error');
    eq(await page.textContent('#register-form-name-error'), 'Please fill this in.', 'English message');
    // A server-side validation code (the page does not check phones itself).
    await fill_registration(page, { ...ann, phone: 'call me maybe' });
    await page.click('#register-submit');
    await page.waitForSelector('#register-form-phone-error');
    check((await page.getAttribute('#reg-phone', 'aria-describedby')).includes('register-form-phone-error'), 'phone described by its error');
    check((await page.textContent('#register-form-phone-error')).includes('phone number'), 'server code invalid_phone translated');
    await ctx.close();
  });

  await test('register: first person confirmed, mail with the personal link and deletion date', async () => {
    const ctx = await new_context();
    const page = await open(ctx, `/#session-${session.id}`);
    await page.waitForSelector('#register-area:not([hidden])');
    await fill_registration(page, ann);
    await page.click('#register-submit');
    await page.waitForSelector('#register-result:not([hidden])');
    check(await page.$('#register-result.success'), 'shown as confirmed');
    const text = await page.textContent('#register-result');
    check(/\d{4}/.test(await page.textContent('#result-deletion')), `deletion date shown: ${text}`);
    const mail = (await wait_for_mail(ann.email))[0];
    links.ann = personal_link(mail);
    // The date is written the same way on the page and in the mail (ICU both sides), and the
    // sentence says the data *will be* deleted.
    const on_page = /le (\d{1,2} \S+ \d{4})/.exec(await page.textContent('#result-deletion'));
    const in_mail = /seront supprimées le (\d{1,2} \S+ \d{4})/.exec(Buffer.from(mail, 'latin1').toString('utf8'));
    check(on_page && in_mail, `deletion date on the page (${on_page}) and in the mail (${in_mail})`);
    eq(on_page[1], in_mail[1], 'the same date on the page and in the mail');
    check((await page.textContent('#result-deletion')).includes('seront effacées'), 'future tense on the page');
    await ctx.close();
  });

  await test('register with the keyboard alone: second person waitlisted with position 1', async () => {
    const ctx = await new_context({ locale: 'nl-BE' });
    const page = await open(ctx, '/');
    await page.waitForSelector('#list-view .session-card');
    // Tab to the session's link and open it with Enter.
    await page.focus(`a[href="#session-${session.id}"]`);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#register-area:not([hidden])');
    await page.focus('#reg-name');
    await page.keyboard.type(bert.name);
    await page.keyboard.press('Tab');
    await page.keyboard.type(bert.email);
    await page.keyboard.press('Tab'); // phone (optional)
    await page.keyboard.press('Tab');
    await page.keyboard.type(bert.organisation);
    await page.keyboard.press('Tab');
    await page.selectOption('#reg-sector', bert.sector); // a select changes with the arrow keys; set it directly
    await page.focus('#reg-consent');
    await page.keyboard.press('Space');
    check(await page.isChecked('#reg-consent'), 'space ticks the consent box');
    await page.focus('#register-submit');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#register-result:not([hidden])');
    check(await page.$('#register-result.warn'), 'shown as waitlisted');
    check((await page.textContent('#result-position')).includes('1'), 'position 1');
    eq(await page.evaluate(() => document.documentElement.lang), 'nl', 'Dutch from Accept-Language');
    links.bert = personal_link((await wait_for_mail(bert.email))[0]);
    await ctx.close();
  });

  await test('personal link: token leaves the address bar; cancel promotes the waitlisted person', async () => {
    const ctx = await new_context();
    const page = await ctx.newPage();
    await page.goto(links.ann);
    await page.waitForSelector('#regs-list .session-card');
    check(!page.url().includes('token'), `token removed from the URL: ${page.url()}`);
    const before = mails_to(bert.email).length;
    await page.click(`#regs-list button[id^="cancel-"]`);
    await page.click('#regs-list .button.danger');
    await page.waitForSelector('#regs-notice.success');
    const bpage = await ctx.newPage();
    await bpage.goto(links.bert);
    await bpage.waitForSelector('#regs-list .badge.ok');
    await wait_for_mail(bert.email, before + 1);
    await ctx.close();
  });

  await test('personal link: a second link opened in the same /manage tab shows that person', async () => {
    const ctx = await new_context();
    const page = await ctx.newPage();
    await page.goto(links.ann);
    await page.waitForSelector('#manage-content:not([hidden])');
    check((await page.textContent('#manage-content')).includes(ann.name), 'the first person');
    const fragment = links.bert.slice(links.bert.indexOf('#'));
    await page.evaluate((f) => { location.hash = f; }, fragment);
    await page.waitForFunction((n) => document.querySelector('#manage-content').textContent.includes(n), bert.name, { timeout: 10000 });
    check(!(await page.textContent('#manage-content')).includes(ann.name), 'the first person is gone');
    check(!page.url().includes('token='), 'the token leaves the address bar again');
    await ctx.close();
  });

  await test('month view: titles never break mid-word (phone: the time alone; desktop: whole words)', async () => {
    for (const l of langs) {
      for (const viewport of widths) {
        const ctx = await new_context({ locale: locales[l], viewport });
        const page = await open(ctx, '/');
        await page.waitForSelector('#list-view .session-card');
        await page.click('#view-month');
        await page.waitForSelector('#month-view:not([hidden]) table.month a');
        const split = await page.evaluate(() => {
          const out = [];
          for (const el of document.querySelectorAll('table.month a .title')) {
            if (getComputedStyle(el).display === 'none') continue;
            const node = el.firstChild;
            let at = 0;
            for (const word of node.textContent.split(/([\s-]+)/)) {
              if (word.trim() && !/^[\s-]+$/.test(word)) {
                const r = document.createRange();
                r.setStart(node, at);
                r.setEnd(node, at + word.length);
                if (r.getClientRects().length > 1) out.push(word);
              }
              at += word.length;
            }
          }
          return out;
        });
        eq(split.length, 0, `${l} ${viewport.width}px: words broken in the month view: ${split.join(', ')}`);
        await no_horizontal_scroll(page, `${l} month view at ${viewport.width}px`);
        await ctx.close();
      }
    }
  });

  await test('personal link: download my data as JSON', async () => {
    const ctx = await new_context();
    const page = await ctx.newPage();
    await page.goto(links.bert);
    await page.waitForSelector('#regs-list .session-card');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    const path = await dl.path();
    const data = JSON.parse(readFileSync(path, 'utf8'));
    eq(data.participant.email, bert.email, 'downloaded data is mine');
    check(Array.isArray(data.registrations) && data.registrations.length >= 1, 'registrations included');
    await ctx.close();
  });

  await test('personal link: a wrong token says the link is not valid', async () => {
    const ctx = await new_context({ locale: 'en-GB' });
    const page = await ctx.newPage();
    await page.goto(`${base}/manage#token=not-a-real-token`);
    await page.waitForSelector('#manage-error:not([hidden])');
    check((await page.textContent('#manage-error')).includes('not valid'), 'clear message');
    await ctx.close();
  });

  await test('roll: one tap marks present, keyboard cycles to absent; walk-in added', async () => {
    const page = admin_page;
    await page.reload();
    await page.waitForSelector('#workspace:not([hidden]) #my-sessions .session-card');
    const idx = await page.evaluate((iso) => [...document.querySelectorAll('#my-sessions li')]
      .findIndex((li) => li.querySelector('time')?.getAttribute('datetime') === iso), session.starts_at);
    check(idx >= 0, 'the session is in my sessions');
    await page.click(`#my-sessions li:nth-child(${idx + 1}) button`);
    await page.waitForSelector('#roll-list .roll-button');
    const button = page.locator('#roll-list .roll-button', { hasText: bert.name });
    await button.click();
    await page.waitForSelector(`#roll-list .roll-button[data-attendance="present"]`);
    await button.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector(`#roll-list .roll-button[data-attendance="absent"]`);
    const roll = await api_in_page(page, 'GET', `/api/v1/sessions/${session.id}/roll`);
    const entry = roll.json.entries.find((e) => e.name === bert.name);
    eq(entry.attendance, 'absent', 'stored attendance');
    await page.click('#walkin-details summary');
    await page.fill('#wi-name', 'Dirk Peeters');
    await page.fill('#wi-organisation', 'CAW Brussel');
    await page.selectOption('#wi-sector', 'homelessness');
    await page.check('#wi-consent');
    await page.click('#walkin-form button[type="submit"]');
    await page.waitForSelector('#roll-list .roll-button[data-attendance="present"]');
    check(await page.locator('#roll-list .roll-button', { hasText: 'Dirk Peeters' }).count() === 1, 'walk-in on the roll');
  });

  await test('themes: tick two, save, stored', async () => {
    const page = admin_page;
    await page.waitForSelector('#themes-list input[type="checkbox"]');
    const boxes = await page.$$('#themes-list input[type="checkbox"]');
    await boxes[0].check();
    await boxes[1].check();
    const ids = [await boxes[0].getAttribute('value'), await boxes[1].getAttribute('value')].sort();
    await page.click('#themes-form button[type="submit"]');
    await page.waitForSelector('#themes-notice.success');
    const stored = await api_in_page(page, 'GET', `/api/v1/sessions/${session.id}/themes`);
    eq(JSON.stringify([...stored.json.themes].sort()), JSON.stringify(ids), 'stored themes');
  });

  await test('case note: preview highlights exactly what will be removed (UTF-8 offsets), then save', async () => {
    const page = admin_page;
    const text = `Réunion très émouvante. ${bert.name} a parlé de sa rechute; écrire à bertrand.lefevre@example.org ou appeler le 0470 12 34 56. Vu au parc Élisabeth.`;
    await page.fill('#note-text', text);
    await page.fill('#note-extra', 'parc Élisabeth');
    await page.click('#note-preview');
    await page.waitForSelector('#preview-area:not([hidden]) mark.removed');
    const marked = await page.$$eval('#preview-marked mark.removed', (ms) => ms.map((m) => {
      const c = m.cloneNode(true);
      c.querySelectorAll('.visually-hidden').forEach((x) => x.remove());
      return c.textContent;
    }));
    check(marked.includes('bertrand.lefevre@example.org'), `email highlighted exactly: ${JSON.stringify(marked)}`);
    check(marked.some((m) => m.includes('Lefèvre') || m.includes('Bertrand')), `name highlighted: ${JSON.stringify(marked)}`);
    check(marked.includes('parc Élisabeth'), `extra term highlighted exactly: ${JSON.stringify(marked)}`);
    // Everything outside the marks is the original text, unchanged.
    const plain = await page.$eval('#preview-marked', (el) => {
      const c = el.cloneNode(true);
      c.querySelectorAll('.visually-hidden').forEach((x) => x.remove());
      return c.textContent;
    });
    eq(plain, text, 'preview shows the original text');
    const redacted = await page.textContent('#preview-redacted');
    check(!redacted.includes('example.org') && !redacted.includes('Élisabeth'), `redacted text: ${redacted}`);
    await page.click('#note-save');
    await page.waitForSelector('#notes-list li');
    const saved = await page.textContent('#notes-list');
    check(!saved.includes('bertrand.lefevre@example.org') && !saved.includes('Lefèvre') && saved.includes('rechute'), `saved note is anonymised: ${saved}`);
  });

  // Issue 17: a cycle from registrations to held sessions, checked on the page, in the CSV and
  // in the JSON (tests/browser/report_flow.mjs); its after-purge half runs in the purge test.
  const flow = await report_flow({ test, check, eq, api_in_page, open, wait_for_mail, personal_link, artifacts,
    base: () => base, admin_page: () => admin_page, admin_ctx });

  let report_before;
  let cycle_label;
  await test('admin: purging an unfinished cycle is refused with a clear message', async () => {
    const page = await open(admin_ctx, '/admin');
    await page.waitForSelector('#admin-area:not([hidden])');
    await page.waitForSelector('#privacy-table tbody tr');
    const current = await (await fetch(`${base}/api/v1/cycles/current`)).json();
    cycle_label = current.label;
    // Nothing is due: no dry run is offered, the panel says when the current cycle's data goes.
    await page.waitForFunction(() => document.querySelector('#purge-status').textContent.length > 0);
    check(await page.isHidden('#purge-form'), 'no purge offered for a cycle that is not due');
    const status = await page.textContent('#purge-status');
    check(status.includes(cycle_label) && /\d{4}/.test(status), `the panel says when ${cycle_label} goes: ${status}`);
    // The API still refuses it, with a clear message.
    const refused = await api_in_page(page, 'POST', '/api/v1/purge', { cycle: cycle_label, dry_run: true });
    check(refused.status >= 400 && (refused.json?.detail || '').length > 20, `an unfinished cycle is refused: ${refused.status} ${refused.text}`);
    await page.close();
  });

  await test('admin: annual report with SVG charts (<3 for small counts) and its CSV', async () => {
    const page = await open(admin_ctx, '/admin');
    await page.waitForSelector('#admin-area:not([hidden])');
    await page.waitForFunction(() => document.querySelector('#report-cycle').options.length > 0);
    await page.selectOption('#report-cycle', cycle_label);
    await page.click('#report-form button[type="submit"]');
    await page.waitForSelector('#report-body figure.chart svg rect', { state: 'attached' });  // a bar of 0 has no width
    const charts = await page.$$eval('#report-body figure.chart', (fs) => fs.length);
    check(charts >= 3, `three charts or more: ${charts}`);
    const report = await api_in_page(page, 'GET', `/api/v1/reports/${cycle_label}`);
    eq(report.status, 200, 'report answers');
    report_before = report.json;
    const small = [...(report.json.by_sector || []), ...(report.json.by_role || [])].some((x) => x.registered === '<3' || x.present === '<3');
    if (small) check((await page.textContent('#report-body')).includes('<3'), 'small counts shown as <3');
    const bars = await page.$$eval('#report-body figure.chart svg rect', (r) => r.length);
    check(bars >= (report.json.sessions || []).length, `one bar or more per session: ${bars}`);
    const href = await page.getAttribute('#report-csv', 'href');
    check(href.startsWith(`/api/v1/reports/${cycle_label}.csv?lang=`), `CSV link: ${href}`);
    check((await page.getAttribute('#report-page', 'href')) === `/reports/${cycle_label}`, 'link to the printable report');
    check((await page.getAttribute('#report-json', 'href')).startsWith(`/api/v1/reports/${cycle_label}?lang=`), 'JSON download');
    const csv = await api_in_page(page, 'GET', href);
    eq(csv.status, 200, 'CSV answers');
    await page.close();
  });

  await test('personal link: erase me asks for confirmation, then the link stops working', async () => {
    const ctx = await new_context();
    const page = await ctx.newPage();
    await page.goto(links.bert);
    await page.waitForSelector('#manage-content:not([hidden])');
    await page.click('#erase-start');
    await page.waitForSelector('#erase-confirm:not([hidden])');
    await page.click('#erase-yes');
    await page.waitForSelector('#erased:not([hidden])');
    const again = await ctx.newPage();
    await again.goto(links.bert);
    await again.waitForSelector('#manage-error:not([hidden])');
    await ctx.close();
  });

  await test('language switch: NL chosen, remembered, <html lang> follows', async () => {
    const ctx = await new_context({ locale: 'en-GB' });
    const page = await open(ctx, '/privacy');
    eq(await page.evaluate(() => document.documentElement.lang), 'en', 'English from the browser');
    await page.click('.lang-switch button[data-lang="nl"]');
    await page.waitForFunction(() => document.documentElement.lang === 'nl');
    const h1 = await page.textContent('h1');
    eq(h1, 'Privacyverklaring', 'Dutch heading');
    await page.reload();
    await page.waitForFunction(() => document.documentElement.lang === 'nl');
    await ctx.close();
  });

  // A third person registers (all remaining sessions) so /manage has content for axe and screenshots.
  await test('register for all remaining sessions of a series', async () => {
    const ctx = await new_context({ locale: 'en-GB' });
    const sessions = await (await fetch(`${base}/api/v1/sessions?series=cross-sector`)).json();
    const open_ones = sessions.filter((s) => s.registration_open);
    const page = await open(ctx, `/#session-${open_ones[open_ones.length > 1 ? 1 : 0].id}`);
    await page.waitForSelector('#register-area:not([hidden])');
    await fill_registration(page, { ...chloe, all: true });
    await page.click('#register-submit');
    await page.waitForSelector('#register-result:not([hidden])');
    const n = await page.$$eval('#result-list li', (l) => l.length);
    check(open_ones.length < 3 || (n >= 2 && n <= open_ones.length - 1), `one line per session registered: ${n} of ${open_ones.length - 1} open`);
    const chloe_mail = Buffer.from((await wait_for_mail(chloe.email))[0], 'latin1').toString('utf8');
    links.chloe = personal_link(chloe_mail);
    check(chloe_mail.includes('Confirmed:'), 'the one mail lists what is confirmed');
    const ics = ics_of(chloe_mail);
    check((ics.match(/BEGIN:VEVENT/g) || []).length === n, `one .ics with every event (${n}): ${ics.slice(0, 200)}`);
    await sleep(2500);
    eq(mails_to(chloe.email).length, 1, 'one mail for all remaining sessions');
    await ctx.close();
  });

  // ---- a facilitator account made on /admin, assigned to one session, takes its roll ----
  const fac = { name: 'Fatima El Amrani', email: 'fatima.facilitator@example.org', password: 'Tournesol-Bleu-4812' };
  const dana = { name: 'Dana Claes', email: 'dana.claes@example.org', organisation: 'De Sleutel vzw', sector: 'addiction' };
  let fac_session; // the one session assigned to the facilitator
  let fac_id;
  let dana_registration;

  await test('admin creates a facilitator account on /admin', async () => {
    const page = await open(admin_ctx, '/admin');
    await page.waitForSelector('#admin-area:not([hidden])');
    await page.waitForSelector('#accounts-table tbody tr');
    await page.fill('#ac-email', fac.email);
    await page.fill('#ac-name', fac.name);
    await page.selectOption('#ac-role', 'facilitator');
    await page.fill('#ac-password', fac.password);
    await page.click('#account-form button[type="submit"]');
    await page.waitForSelector('#accounts-notice.success');
    await page.waitForSelector(`#accounts-table th:text("${fac.email}")`);
    const accounts = (await api_in_page(page, 'GET', '/api/v1/staff-accounts')).json;
    const made = accounts.find((a) => a.email === fac.email);
    check(made && made.role === 'facilitator' && made.active !== false, `account stored: ${JSON.stringify(made)}`);
    fac_id = made.id;
    await page.close();
  });

  await test('admin assigns the facilitator to one session on /admin', async () => {
    const sessions = await (await fetch(`${base}/api/v1/sessions?series=cross-sector`)).json();
    const open_ones = sessions.filter((x) => x.registration_open && x.state === 'scheduled' && x.id !== session.id);
    check(open_ones.length >= 1, 'another open session exists');
    fac_session = open_ones[open_ones.length > 2 ? 2 : 0];
    // Someone on the roll of that session.
    const r = await fetch(`${base}/api/v1/sessions/${fac_session.id}/registrations`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...dana, role: 'peer_helper', language: 'nl', consent: true }),
    });
    eq(r.status, 201, 'Dana registers');
    dana_registration = (await r.json()).registration_id;

    const page = await open(admin_ctx, '/admin');
    await page.waitForSelector('#admin-area:not([hidden])');
    await page.waitForSelector(`#edit-session-${fac_session.id}`);
    await page.waitForSelector('#accounts-table tbody tr');
    await page.click(`#edit-session-${fac_session.id}`);
    await page.waitForSelector(`#se-fac-${fac_id}`);
    check(!(await page.isChecked(`#se-fac-${fac_id}`)), 'not assigned yet');
    // The label names the person, so the checkbox is found by its name as a screen reader would.
    await page.getByLabel(fac.name).check();
    await page.click('#session-form button[type="submit"]');
    await page.waitForSelector('#session-edit-error.notice.success');
    check(await page.isChecked(`#se-fac-${fac_id}`), 'still ticked after the save');
    const all = (await api_in_page(page, 'GET', `/api/v1/staff/sessions?to=${new Date(Date.now() + 400 * 86400000).toISOString().slice(0, 10)}`)).json;
    const stored = all.find((x) => x.id === fac_session.id);
    check(stored.facilitators.some((f) => f.id === fac_id), `assignment stored: ${JSON.stringify(stored.facilitators)}`);
    check(all.filter((x) => x.facilitators.some((f) => f.id === fac_id)).length === 1, 'assigned to exactly one session');
    const row = await page.textContent(`#sessions-table tr:has(#edit-session-${fac_session.id}) td.facilitators`);
    check(row.includes(fac.name), `sessions table names the facilitator: ${row}`);
    await page.close();
  });

  await test('admin edits a series: a refused value is shown next to its field, then saved', async () => {
    const page = await open(admin_ctx, '/admin');
    await page.waitForSelector('#admin-area:not([hidden])');
    await page.click('.lang-switch button[data-lang="en"]');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.waitForSelector('#edit-series-ztg-peers');
    await page.click('#edit-series-ztg-peers');
    await page.waitForSelector('#series-edit:not([hidden])');
    const duration = await page.inputValue('#sr-duration');
    check(/^\d+$/.test(duration), `the form shows the series' duration: "${duration}"`);
    await page.fill('#sr-duration', '5');
    await page.fill('#sr-capacity', '9');
    await page.click('#series-form button[type="submit"]');
    await page.waitForSelector('#series-form-duration_minutes-error');
    eq(await page.getAttribute('#sr-duration', 'aria-invalid'), 'true', 'duration marked invalid');
    check((await page.getAttribute('#sr-duration', 'aria-describedby')).includes('series-form-duration_minutes-error'), 'duration described by its error');
    eq(await page.textContent('#series-form-duration_minutes-error'), 'This value is not valid.', 'server code translated');
    let series = await (await fetch(`${base}/api/v1/series`)).json();
    check(series.find((x) => x.slug === 'ztg-peers').capacity !== 9, 'nothing saved on a refusal');
    await page.fill('#sr-duration', duration);
    await page.click('#series-form button[type="submit"]');
    await page.waitForSelector('#series-edit-error.notice.success');
    check(!(await page.$('#series-form .field-error')), 'errors cleared');
    series = await (await fetch(`${base}/api/v1/series`)).json();
    eq(series.find((x) => x.slug === 'ztg-peers').capacity, 9, 'capacity saved');
    await page.click('.lang-switch button[data-lang="fr"]');
    await page.close();
  });

  await test('admin creates the next cycle by its label and edits its days', async () => {
    const page = await open(admin_ctx, '/admin');
    await page.waitForSelector('#admin-area:not([hidden])');
    await page.waitForSelector('#cycles-table tbody tr');
    const before = (await api_in_page(page, 'GET', '/api/v1/cycles')).json;
    const label = await page.inputValue('#cn-label');
    check(/^\d{4}-\d{4}$/.test(label) && !before.some((c) => c.label === label), `a new label is suggested: ${label}`);
    await page.click('#cycle-add-form button[type="submit"]');
    await page.waitForSelector('#cycle-add-notice.success');
    await page.waitForSelector(`#edit-cycle-${label}`);
    let made = (await api_in_page(page, 'GET', '/api/v1/cycles')).json.find((c) => c.label === label);
    check(made && made.deletion_date, `cycle stored with its deletion date: ${JSON.stringify(made)}`);
    const row = await page.textContent(`#cycles-table tr:has(#edit-cycle-${label})`);
    check(/\d{4}/.test(row) && row.includes('—'), `row shows the days, deletion date and not purged: ${row}`);
    // An existing label is refused next to the field.
    await page.fill('#cn-label', label);
    await page.click('#cycle-add-form button[type="submit"]');
    await page.waitForSelector('#cycle-add-form-label-error');
    // Edit its days: a last day before the first is refused, then a good one is saved.
    await page.click(`#edit-cycle-${label}`);
    await page.waitForSelector('#cycle-edit:not([hidden])');
    const y = Number(label.slice(0, 4));
    await page.fill('#cy-first', `${y}-09-15`);
    await page.fill('#cy-last', `${y}-09-01`);
    await page.click('#cycle-form button[type="submit"]');
    await page.waitForSelector('#cycle-form-last_day-error');
    await page.fill('#cy-last', `${y + 1}-08-31`);
    await page.click('#cycle-form button[type="submit"]');
    await page.waitForSelector('#cycle-edit-error.notice.success');
    made = (await api_in_page(page, 'GET', '/api/v1/cycles')).json.find((c) => c.label === label);
    eq(made.first_day, `${y}-09-15`, 'first day saved');
    eq(made.last_day, `${y + 1}-08-31`, 'last day saved');
    await page.close();
  });

  let fac_page;
  await test('facilitator signs in on /staff and sees only their session', async () => {
    const ctx = await new_context({ locale: 'nl-BE', viewport: { width: 375, height: 812 } });
    fac_page = await open(ctx, '/staff');
    await sign_in(fac_page, fac.email, fac.password);
    await fac_page.waitForSelector('#workspace:not([hidden]) #my-sessions .session-card');
    const times = await fac_page.$$eval('#my-sessions li time', (ts) => ts.map((x) => x.getAttribute('datetime')));
    eq(JSON.stringify(times), JSON.stringify([fac_session.starts_at]), 'only the assigned session is listed');
    eq((await api_in_page(fac_page, 'GET', '/api/v1/staff-accounts')).status, 403, 'admin endpoints refuse a facilitator');
  });

  await test('facilitator takes the roll with the keyboard alone (Tab, Space, Enter)', async () => {
    const page = fac_page;
    await page.focus('#my-sessions li button');
    await page.keyboard.press('Enter');
    await page.waitForSelector(`#roll-${dana_registration}`);
    const target = `roll-${dana_registration}`;
    let reached = false;
    for (let i = 0; i < 60 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate((id) => document.activeElement && document.activeElement.id === id, target);
    }
    check(reached, 'Tab reaches the person on the roll');
    const stored = async () => (await api_in_page(page, 'GET', `/api/v1/sessions/${fac_session.id}/roll`)).json
      .entries.find((e) => e.registration_id === dana_registration).attendance ?? null;
    for (const [key, want] of [['Space', 'present'], ['Enter', 'absent'], ['Space', 'excused'], ['Enter', 'present']]) {
      await page.keyboard.press(key);
      await page.waitForSelector(`#${target}[data-attendance="${want}"]`);
      eq(await page.evaluate(() => document.activeElement.id), target, `focus stays on the person after ${key}`);
      eq(await stored(), want, `stored attendance after ${key}`);
    }
    await no_horizontal_scroll(page, 'facilitator roll at 375px');
    await page.screenshot({ path: join(artifacts, 'staff-facilitator-375.png'), fullPage: true });
  });

  await test('facilitator logs themes and saves a note after its preview', async () => {
    const page = fac_page;
    await page.waitForSelector('#themes-list input[type="checkbox"]');
    const boxes = await page.$$('#themes-list input[type="checkbox"]');
    await boxes[2].focus();
    await page.keyboard.press('Space');
    check(await boxes[2].isChecked(), 'Space ticks a theme');
    const id = await boxes[2].getAttribute('value');
    await page.click('#themes-form button[type="submit"]');
    await page.waitForSelector('#themes-notice.success');
    const themes = await api_in_page(page, 'GET', `/api/v1/sessions/${fac_session.id}/themes`);
    eq(JSON.stringify(themes.json.themes), JSON.stringify([id]), 'stored themes');
    const text = `${dana.name} vertelde over haar herval; mail haar op dana.claes@example.org. De groep gaf veel steun.`;
    await page.fill('#note-text', text);
    await page.click('#note-preview');
    await page.waitForSelector('#preview-area:not([hidden]) mark.removed');
    const marked = await page.$$eval('#preview-marked mark.removed', (ms) => ms.map((m) => {
      const c = m.cloneNode(true);
      c.querySelectorAll('.visually-hidden').forEach((x) => x.remove());
      return c.textContent;
    }));
    check(marked.includes('dana.claes@example.org'), `email highlighted: ${JSON.stringify(marked)}`);
    await page.click('#note-save');
    await page.waitForSelector('#notes-list li');
    const notes = (await api_in_page(page, 'GET', `/api/v1/sessions/${fac_session.id}/notes`)).json;
    eq(notes.length, 1, 'one note stored');
    check(!notes[0].text.includes('dana.claes@example.org') && notes[0].text.includes('steun'), `stored note is anonymised: ${notes[0].text}`);

    // A correction goes through the anonymiser again; the edit button puts focus in its text.
    await page.click(`#notes-list [data-note-edit="${notes[0].id}"]`);
    const area = `#note-edit-${notes[0].id}`;
    await page.waitForSelector(area);
    eq(await page.evaluate(() => document.activeElement.id), `note-edit-${notes[0].id}`, 'focus in the correction');
    await page.fill(area, `${notes[0].text} Bel haar op 0470 12 34 56.`);
    await page.click('#notes-list li .actions button:not(.secondary)');
    await page.waitForFunction(() => !document.querySelector('#notes-list textarea') && document.querySelector('#note-error.success'));
    const corrected = (await api_in_page(page, 'GET', `/api/v1/sessions/${fac_session.id}/notes`)).json;
    eq(corrected.length, 1, 'still one note after the correction');
    check(!corrected[0].text.includes('0470 12 34 56') && corrected[0].text.includes('steun'), `correction anonymised: ${corrected[0].text}`);
    // Removing asks first; "keep" keeps it, "remove" removes it.
    await page.click(`#notes-list [data-note-remove="${notes[0].id}"]`);
    await page.waitForSelector('#notes-list li [role="alert"]');
    await page.click('#notes-list li .actions button.secondary');
    eq((await api_in_page(page, 'GET', `/api/v1/sessions/${fac_session.id}/notes`)).json.length, 1, 'kept after "keep"');
    await page.click(`#notes-list [data-note-remove="${notes[0].id}"]`);
    await page.click('#notes-list li .actions button.danger');
    await page.waitForSelector('#notes-none:not([hidden])');
    eq((await api_in_page(page, 'GET', `/api/v1/sessions/${fac_session.id}/notes`)).json.length, 0, 'removed after confirming');
    await page.context().close();
  });

  // ---- accessibility, layout and screenshots on every page ----
  // Issue 18: a coordinator's year on /admin, phone and desktop, axe on every state (admin_flow.mjs).
  await admin_flow({ test, check, eq, api_in_page, new_context, wait_for_mail, mails_to, axe_path, artifacts, fac,
    base: () => base, admin_email, admin_password: () => admin_password });

  const axe_ctx = await new_context({ bypassCSP: true }); // only to inject axe-core
  await axe_ctx.request.post(`${base}/api/v1/auth/login`, { data: { email: admin_email, password: admin_password } });

  async function prepare(page, name) {
    if (name === 'staff') {
      await page.waitForSelector('#workspace:not([hidden]) #my-sessions .session-card');
      await page.click('#my-sessions .session-card button');
      await page.waitForSelector('#roll-list .roll-button, #roll-none:not([hidden])');
      await page.fill('#note-text', 'Contact: jan.janssens@example.org');
      await page.click('#note-preview');
      await page.waitForSelector('#preview-area:not([hidden])');
    } else if (name === 'admin') {
      await page.waitForSelector('#admin-area:not([hidden])');
      await page.waitForFunction(() => document.querySelector('#report-cycle').options.length > 0);
      await page.click('#report-form button[type="submit"]');
      await page.waitForSelector('#report-body figure');
      // Open the edit panels so their controls are checked too.
      await page.waitForSelector('#sessions-table button[id^="edit-session-"]');
      await page.waitForSelector('#accounts-table tbody tr');
      await page.click('#sessions-table button[id^="edit-session-"]');
      await page.waitForSelector('#se-facilitators-list input');
      await page.click('#cycles-table button[id^="edit-cycle-"]');
      await page.waitForSelector('#cycle-edit:not([hidden])');
      await page.click('#series-table button[id^="edit-series-"]');
      await page.waitForSelector('#series-edit:not([hidden]) #sr-sectors-list input');
    } else if (name === 'manage') {
      await page.waitForSelector('#manage-content:not([hidden])');
    } else if (name === 'index') {
      await page.waitForSelector('#list-view .session-card');
    }
    await page.evaluate(() => document.fonts && document.fonts.ready);
  }

  for (const lang of langs) {
    await test(`axe-core: every page in ${lang.toUpperCase()} has no serious or critical violation`, async () => {
      const problems = [];
      for (const [name, path] of pages) {
        const page = await axe_ctx.newPage();
        await page.addInitScript((l) => localStorage.setItem('intervision.lang', l), lang);
        await page.goto(base + (name === 'manage' ? links.chloe.replace(base, '') : path));
        await page.waitForFunction((l) => document.documentElement.lang === l, lang);
        await prepare(page, name);
        await page.addScriptTag({ path: axe_path });
        const res = await page.evaluate(async () => {
          const r = await window.axe.run(document, { resultTypes: ['violations'] });
          return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
        });
        for (const v of res) if (v.impact === 'serious' || v.impact === 'critical') problems.push(`${name}: ${v.id} (${v.impact}) at ${v.nodes.join(', ')}`);
        const untranslated = await page.evaluate(() => [...document.querySelectorAll('[data-i18n]')]
          .filter((el) => el.textContent === el.dataset.i18n).map((el) => el.dataset.i18n));
        if (untranslated.length) problems.push(`${name}: untranslated ${untranslated.join(', ')}`);
        await page.close();
      }
      check(problems.length === 0, problems.join('\n'));
    });
  }

  await test('without JavaScript: pages in the reader\'s language from the first byte; the list and a plain form register (FR, NL, EN; phone and desktop)', async () => {
    const sessions = await (await fetch(`${base}/api/v1/sessions?series=cross-sector`)).json();
    const target = sessions.find((s) => s.registration_open && s.id !== session.id && s.seats_left > 6);
    check(target, 'an open cross-sector session with seats');
    const headings = { fr: 'index.heading', nl: 'index.heading', en: 'index.heading' };
    const files = Object.fromEntries(langs.map((l) => [l, JSON.parse(readFileSync(join(root, 'web', 'i18n', `${l}.json`), 'utf8'))]));
    for (const l of langs) {
      for (const viewport of widths) {
        const ctx = await new_context({ locale: locales[l], viewport, javaScriptEnabled: false });
        const page = await ctx.newPage();
        await page.goto(`${base}/`);
        eq(await page.evaluate(() => document.documentElement.lang), l, `${l}: <html lang> from the server`);
        eq((await page.textContent('h1')).trim(), files[l][headings[l]], `${l}: the heading in the reader's language, no script needed`);
        // The start page itself lists the sessions (rendered on the server), in the reader's language.
        const cards = await page.$$eval('#list-view .session-card', (els) => els.length);
        check(cards >= 6, `${l} ${viewport.width}px: ${cards} session cards on / without JavaScript`);
        const status = (await page.textContent('#sessions-status')).trim();
        check(new RegExp(`^${cards} `).test(status), `${l}: the count "${status}" says ${cards}`);
        const badge = (await page.textContent(`#list-view a[href^="/sessions/${target.id}?"] >> xpath=.. >> .badge`)).trim();
        check(badge.length > 0 && badge !== 'session.seats_left', `${l}: the card's seats in words: "${badge}"`);
        check(await page.isHidden('#series-filter') && await page.isHidden('#view-month'), `${l}: no controls that need scripts`);
        const feeds = await page.$$eval('#calendar-links a', (as) => as.map((a) => a.getAttribute('href')));
        check(feeds.includes(`/calendar/all.ics?lang=${l}`) && feeds.includes(`/calendar/cross-sector.ics?lang=${l}`), `${l}: feeds in the reader's language: ${feeds}`);
        await no_horizontal_scroll(page, `${l} / without JavaScript at ${viewport.width}px`);
        await page.screenshot({ path: join(artifacts, `index-nojs-${l}-${viewport.width}.png`), fullPage: true });
        // /sessions lists the same cards.
        const list = await ctx.newPage();
        await list.goto(`${base}/sessions`);
        eq(await list.$$eval('.session-card', (els) => els.length), cards, `${l}: /sessions lists the same sessions`);
        await list.close();
        await page.click(`#list-view a[href^="/sessions/${target.id}?"]`);
        await page.waitForSelector('form[method="post"]');
        await page.fill('#reg-name', 'Noor Janssens');
        await page.fill('#reg-email', `nojs-${l}-${viewport.width}@example.org`);
        await page.fill('#reg-organisation', 'Vzw Zonder Script');
        await page.selectOption('#reg-sector', 'addiction');
        await page.click('form[method="post"] button[type="submit"]');
        // The browser's own checks stop an empty consent box; tick it and send.
        await page.check('#reg-consent');
        await page.click('form[method="post"] button[type="submit"]');
        await page.waitForSelector('[role="status"]');
        eq(await page.evaluate(() => document.documentElement.lang), l, `${l}: the result page in the same language`);
        check((await page.textContent('[role="status"] h1')).trim() === files[l]['register.result.confirmed'], `${l}: confirmed`);
        await ctx.close();
      }
    }
  });

  await test('axe-core: 0 violations (any impact) on the public page with form errors, the audience note and the no-script pages, in FR, NL and EN', async () => {
    const problems = [];
    const ztg = (await (await fetch(`${base}/api/v1/sessions?series=ztg-peers`)).json()).find((s) => s.registration_open);
    for (const l of langs) {
      for (const [what, path, prepare_state] of [
        ['form errors', `/#session-${ztg.id}`, async (page) => { await page.waitForSelector('#register-area:not([hidden])'); await page.click('#register-submit'); await page.waitForSelector('#register-form-name-error'); }],
        ['no-script list', `/sessions?lang=${l}`, async () => {}],
        ['no-script form with errors', `/sessions/${ztg.id}?lang=${l}`, async (page) => { await page.evaluate(() => document.querySelector('form[method="post"]').setAttribute('novalidate', '')); await page.click('form[method="post"] button[type="submit"]'); await page.waitForSelector('.field-error'); }],
      ]) {
        const page = await axe_ctx.newPage();
        await page.addInitScript((x) => localStorage.setItem('intervision.lang', x), l);
        await page.goto(base + path);
        await prepare_state(page);
        await page.addScriptTag({ path: axe_path });
        const res = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] }))
          .violations.map((v) => `${v.id} (${v.impact}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`));
        for (const v of res) problems.push(`${l} ${what}: ${v}`);
        await page.close();
      }
    }
    check(problems.length === 0, problems.join('\n'));
  });

  // The public pages with JavaScript off, as axe sees them: axe needs scripts, so the page's own
  // scripts are blocked instead and each <noscript> is put in as a browser without scripts parses
  // it (its stylesheet included).
  async function without_scripts(path) {
    const page = await axe_ctx.newPage();
    await page.route(/\/js\/.*\.js(\?|$)/, (route) => route.abort());
    await page.goto(base + path);
    await page.evaluate(async () => {
      for (const n of [...document.querySelectorAll('noscript')]) {
        const t = document.createElement('template');
        t.innerHTML = n.textContent;
        n.replaceWith(t.content);
      }
      await Promise.all([...document.querySelectorAll('link[rel="stylesheet"]')].map((link) => (link.sheet ? null
        : new Promise((ok) => { link.addEventListener('load', ok); link.addEventListener('error', ok); }))));
    });
    return page;
  }

  await test('axe-core: 0 violations (any impact) on /, a session page, /manage and /sessions, with and without JavaScript, in FR, NL and EN', async () => {
    const problems = [];
    const open_id = (await (await fetch(`${base}/api/v1/sessions?series=cross-sector`)).json()).find((s) => s.registration_open).id;
    const axe_of = async (page) => {
      await page.addScriptTag({ path: axe_path });
      return page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] }))
        .violations.map((v) => `${v.id} (${v.impact}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`));
    };
    for (const l of langs) {
      const targets = [['/', `/?lang=${l}`], ['a session page', `/sessions/${open_id}?lang=${l}`], ['/manage', `/manage?lang=${l}`], ['/sessions', `/sessions?lang=${l}`]];
      for (const [what, path] of targets) {
        const off = await without_scripts(path);
        check(await off.evaluate((x) => document.documentElement.lang === x, l), `${l} ${what} without scripts: lang`);
        if (what === '/') check(await off.isHidden('#series-filter'), `${l}: the no-script stylesheet applies`);
        for (const v of await axe_of(off)) problems.push(`${l} ${what} without JavaScript: ${v}`);
        await off.close();
      }
      for (const [what, path, ready] of [
        ['/', `/?lang=${l}`, '#list-view .session-card a[href^="#session-"]'],
        ['/ with a session open', `/?lang=${l}#session-${open_id}`, '#register-area:not([hidden])'],
        ['/manage', links.chloe.replace(base, '').replace('/manage', `/manage?lang=${l}`), '#manage-content:not([hidden])'],
      ]) {
        const page = await axe_ctx.newPage();
        await page.addInitScript((x) => localStorage.setItem('intervision.lang', x), l);
        await page.goto(base + path);
        await page.waitForSelector(ready);
        await page.waitForFunction((x) => document.documentElement.lang === x, l);
        for (const v of await axe_of(page)) problems.push(`${l} ${what}: ${v}`);
        await page.close();
      }
    }
    check(problems.length === 0, problems.join('\n'));
  });

  await test('layout: nothing wider than the screen at 375 px; screenshots at 375 and 1280 px', async () => {
    const problems = [];
    for (const width of [375, 1280]) {
      for (const [name, path] of pages) {
        const page = await axe_ctx.newPage();
        await page.setViewportSize({ width, height: width === 375 ? 812 : 900 });
        await page.addInitScript(() => localStorage.setItem('intervision.lang', 'fr'));
        await page.goto(base + (name === 'manage' ? links.chloe.replace(base, '') : path));
        await prepare(page, name);
        try { await no_horizontal_scroll(page, `${name} at ${width}px`); } catch (e) { problems.push(e.message); }
        await page.screenshot({ path: join(artifacts, `${name}-${width}.png`), fullPage: true });
        await page.close();
      }
    }
    check(problems.length === 0, problems.join('\n'));
  });

  await test('CSP: no page broke the Content-Security-Policy', async () => {
    check(csp_violations.length === 0, csp_violations.slice(0, 10).join('\n'));
  });

  await test('admin: purge preview, confirmation declined then given; report unchanged, personal link dead', async () => {
    const page = await open(admin_ctx, '/admin');
    await page.waitForSelector('#admin-area:not([hidden])');
    report_before = (await api_in_page(page, 'GET', `/api/v1/reports/${cycle_label}`)).json;
    if (flow) await flow.before();
    // End the current cycle yesterday so that its purge is due.
    const cyc = (await api_in_page(page, 'GET', '/api/v1/cycles')).json.find((c) => c.label === cycle_label);
    const yesterday = new Date(Date.now() - 86400000).toISOString().slice(0, 10);
    const days = { first_day: cyc.first_day < yesterday ? cyc.first_day : '2025-09-01', last_day: yesterday };
    // Ending a running cycle in the past needs a confirmation: first the 409 with what would go.
    const refused = await api_in_page(page, 'PUT', `/api/v1/cycles/${cycle_label}`, days);
    check(refused.status === 409 && refused.json.would_purge, `cycle shortening asks first: ${refused.status} ${refused.text}`);
    const put = await api_in_page(page, 'PUT', `/api/v1/cycles/${cycle_label}`, { ...days, confirm_purge: true });
    check(put.status === 200, `cycle shortened: ${put.status} ${put.text}`);
    await page.reload();
    await page.waitForSelector('#admin-area:not([hidden])');
    await page.waitForSelector('#privacy-table tbody tr');
    const before = await api_in_page(page, 'GET', '/api/v1/privacy');
    if (before.json.find((c) => c.cycle === cycle_label).purged_at) {
      // The server purged the ended cycle by itself: the panel says so and offers no dry run.
      console.log('#   (the server purged the ended cycle by itself before the page was read)');
      const offered = await page.$$eval('#purge-cycle option', (o) => o.map((x) => x.value));
      check(!offered.includes(cycle_label), 'no purge offered for a purged cycle');
      const row = await page.textContent(`#privacy-table tr:has(th:text-is("${cycle_label}"))`);
      check(/\d{4}/.test(row), `the ledger says when it was purged: ${row}`);
    } else {
      await page.selectOption('#purge-cycle', cycle_label);
      await page.click('#purge-form button[type="submit"]');
      await page.waitForSelector('#purge-preview:not([hidden]) li');
      const listed = await page.textContent('#purge-preview-list');
      check(/[1-9]/.test(listed), `preview lists what would go: ${listed}`);
      await page.click('#purge-start');
      await page.waitForSelector('#purge-confirm:not([hidden])');
      await page.click('#purge-no');
      check(await page.isHidden('#purge-confirm'), 'declining hides the confirmation');
      const after = await api_in_page(page, 'GET', '/api/v1/privacy');
      if (!after.json.find((c) => c.cycle === cycle_label).purged_at) {
        eq(JSON.stringify(after.json), JSON.stringify(before.json), 'nothing purged by a preview');
      } else {
        console.log('#   (the server purged the ended cycle by itself during the preview)');
      }
      await page.click('#purge-start');
      await page.click('#purge-yes');
      await page.waitForSelector('#purge-done.success, #purge-done.error');
      if (await page.isVisible('#purge-done.error')) console.log('#   (the server purged the cycle by itself before the confirmation)');
      // Once purged, the cycle is no longer offered and its row says when.
      await page.waitForFunction((c) => ![...document.querySelectorAll('#purge-cycle option')].some((o) => o.value === c), cycle_label);
    }
    const ledger = (await api_in_page(page, 'GET', '/api/v1/privacy')).json.find((c) => c.cycle === cycle_label);
    eq(ledger.records.participants, 0, 'participants left after the purge');
    const report_after = (await api_in_page(page, 'GET', `/api/v1/reports/${cycle_label}`)).json;
    const undated = (r) => JSON.stringify({ ...r, generated_at: null });
    eq(undated(report_after), undated(report_before), 'the anonymised report is the same after the purge (but for its date)');
    if (flow) await flow.after();
    const ctx = await new_context({ locale: 'en-GB' });
    const p2 = await ctx.newPage();
    await p2.goto(links.chloe);
    await p2.waitForSelector('#manage-error:not([hidden])');
    await ctx.close();
    await page.close();
  });

  // Issue 21, on a server of its own (tests/browser/feedback_flow.mjs).
  if (!use_mock) await feedback_flow({ test, check, eq, browser, binary, root, artifacts });

  await browser.close();
}

let crashed = false;
try {
  await main();
} catch (e) {
  crashed = true;
  console.log(`FAIL setup: ${(e && e.stack) || e}`);
  results.push({ name: 'setup', ok: false });
} finally {
  if (browser) await browser.close().catch(() => {});
  stop_server();
  if (!process.env.KEEP_TMP) rmSync(tmp, { recursive: true, force: true });
}
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed || crashed ? 1 : 0);
