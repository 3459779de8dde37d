// The annual report tells the truth (issue 17), in the browser against the real server: a cycle
// from registrations to a held session, a cancellation, a waiting list, an erasure before the
// start, a walk-in, a roll taken on /staff, an erasure after the start, a session left without
// its roll, a cancelled session, then the purge. Every count is checked against its definition
// on the printable page /reports/{cycle}, in the CSV and in the JSON, before and after the purge,
// and the page is printed to A4 (PDF, then PNG through pdftoppm) into tests/browser/artifacts/.
//
// The sessions used are quarterly ones nobody else in run.mjs registers for; moved into the past
// by the admin (PATCH), they are the only started sessions of the cycle, so the cycle's totals
// are exactly what this scenario did.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

// What the scenario does to S1, per definition (report.h / the definitions sentence):
// registered = confirmed at the start: A B C D E (G erased herself before, E was promoted then)
// waitlisted = on the waiting list at the start: H; cancelled = cancelled before the start: F
// walk-ins = added after the start: W; present A B C W; absent D; excused E; unmarked none.
export const expected = {
  sessions_held: 1, registered: 5, waitlisted: 1, cancelled: 1, walk_ins: 1, present: 4, absent: 1, excused: 1, unmarked: 0,
  first_time_share: 100, returning_share: 0,
};

export async function report_flow(x) {
  const { test, check, eq, api_in_page, open, wait_for_mail, personal_link, artifacts } = x;
  const people = {};
  const mk = (k, sector, role = 'coordinator') => ({
    name: `Rapport ${k} Testperson`, email: `report.${k.toLowerCase()}@example.org`, organisation: `Org ${k}`, sector, role,
  });
  for (const [k, sector] of [['A', 'mental_health'], ['B', 'mental_health'], ['C', 'mental_health'], ['D', 'addiction'],
    ['E', 'homelessness'], ['F', 'other'], ['G', 'poverty'], ['H', 'hospital']]) people[k] = mk(k, sector);
  for (const k of ['P1', 'P2', 'P3', 'Q1']) people[k] = mk(k, 'ztg', 'peer_helper');
  const s = {};
  let admin;
  let before_purge = null;
  let cycle;

  async function register(session_id, p) {
    const r = await fetch(`${x.base()}/api/v1/sessions/${session_id}/registrations`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...p, language: 'en', consent: true }),
    });
    const body = await r.json();
    check(r.status === 201, `registration of ${p.email}: ${r.status} ${JSON.stringify(body)}`);
    p.registration_id = body.registration_id;
    p.status = body.status;
    return body;
  }
  async function token_of(p) {
    const link = personal_link((await wait_for_mail(p.email))[0]);
    return decodeURIComponent(link.split('#token=')[1]);
  }
  const patch = (id, body) => api_in_page(admin, 'PATCH', `/api/v1/sessions/${id}`, body);
  const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const report_json = async (lang) => {
    const r = await api_in_page(admin, 'GET', `/api/v1/reports/${cycle}?lang=${lang}`);
    check(r.status === 200, `report answers: ${r.status} ${r.text.slice(0, 200)}`);
    return r;
  };

  // Every count of the cycle's totals against what the scenario did, and each one's definition.
  function check_json(r, when) {
    for (const [k, v] of Object.entries(expected)) eq(r.totals[k], v, `${when}: JSON totals.${k}`);
    for (const k of Object.keys(expected)) check((r.definitions[k] || '').length > 20, `${when}: JSON definition of ${k}`);
    const s1 = r.sessions.find((y) => y.id === s.one.id);
    eq(s1.state, 'held', `${when}: S1 held`);
    for (const k of ['registered', 'waitlisted', 'cancelled', 'walk_ins', 'present', 'absent', 'excused', 'unmarked']) eq(s1[k], expected[k], `${when}: S1 ${k}`);
    eq(r.sessions.find((y) => y.id === s.two.id).state, 'roll_missing', `${when}: S2 roll missing`);
    // Session counts by state, as defined: each session counted once, in its state.
    const by_state = (st) => r.sessions.filter((y) => y.state === st).length;
    eq(r.totals.sessions_roll_missing, by_state('roll_missing'), `${when}: roll missing = sessions ended without their roll`);
    eq(r.totals.sessions_cancelled, by_state('cancelled'), `${when}: cancelled sessions`);
    eq(r.totals.sessions_scheduled, by_state('scheduled'), `${when}: sessions to come`);
    eq(r.totals.sessions_held + r.totals.sessions_cancelled + r.totals.sessions_roll_missing + r.totals.sessions_scheduled, r.sessions.length,
      `${when}: every session in one state`);
    eq(r.sessions.find((y) => y.id === s.three.id).state, 'cancelled', `${when}: S3 cancelled`);
    // By sector, the <3 rule: mental health 3 registered, present 4 (A B C and the walk-in);
    // addiction and homelessness 1 each: hidden; the walk-in alone in mental health: hidden, and
    // so is a second walk-ins cell so that the total (1) does not give it away.
    const mh = r.by_sector.find((g) => g.sector === 'mental_health');
    eq(mh.registered, 3, `${when}: mental health registered`);
    eq(mh.present, 4, `${when}: mental health present`);
    eq(mh.walk_ins, '<3', `${when}: mental health walk-ins hidden`);
    for (const id of ['addiction', 'homelessness']) eq(r.by_sector.find((g) => g.sector === id).registered, '<3', `${when}: ${id} hidden`);
    check(r.by_sector.filter((g) => g.walk_ins === '<3').length >= 2, `${when}: a second walk-ins cell hidden with it`);
    check(!r.by_sector.some((g) => g.sector === 'poverty' || g.sector === 'other'), `${when}: the erased and the cancelled are in no sector`);
    const series = r.by_series.find((b) => b.key === 'ztg-coordinators');
    eq(series.registered, 5, `${when}: by series`);
    eq(series.sessions_held, 1, `${when}: by series, held`);
    const q = r.by_quarter.filter((b) => b.sessions_held > 0);
    eq(q.length, 1, `${when}: one quarter with the held session`);
    eq(q[0].present, 4, `${when}: by quarter, present`);
    check(!JSON.stringify(r).includes('Rapport '), `${when}: no name in the report`);
  }

  // The page: every total beside its definition, in French.
  async function check_page(r_fr, when) {
    const page = await open(x.admin_ctx, `/reports/${cycle}`);
    await page.evaluate(() => localStorage.setItem('intervision.lang', 'fr'));
    await page.reload();
    await page.waitForSelector('body[data-ready="true"] #report-totals table');
    eq(await page.evaluate(() => document.documentElement.lang), 'fr', `${when}: page in French`);
    const rows = await page.$$eval('#report-totals tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
    for (const [k, v] of Object.entries(expected)) {
      const row = rows.find((cells) => cells[0] === r_fr.labels[k]);
      check(row, `${when}: page row for ${k} (${r_fr.labels[k]})`);
      const shown = k.endsWith('_share') ? `${v} %` : String(v);
      eq(row[1].replace(/\u202f|\u00a0/g, ' '), shown, `${when}: page value of ${k}`);
      eq(row[row.length - 1], r_fr.definitions[k], `${when}: page definition of ${k} beside it`);
    }
    const defs = await page.textContent('#report-definitions');
    for (const d of Object.values(r_fr.definitions)) check(defs.includes(d), `${when}: definition listed: ${d}`);
    check((await page.textContent('#report-generated')).length > 8, `${when}: date of generation shown`);
    const themes = await page.textContent('#report-themes');
    check(themes.length > 0, 'themes part');
    return page;
  }

  // The CSV files: labels in French, ';' for Excel in fr-BE, every cell quoted, same numbers.
  async function check_csv(r_fr, when) {
    const csv = await api_in_page(admin, 'GET', `/api/v1/reports/${cycle}.csv?table=totals&lang=fr`);
    eq(csv.status, 200, `${when}: CSV answers`);
    const lines = csv.text.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
    for (const line of lines) check(/^"(?:[^"]|"")*"(;"(?:[^"]|"")*")*$/.test(line), `${when}: every CSV cell quoted, ';' between: ${line}`);
    const cells = lines.map((l) => l.slice(1, -1).split('";"').map((c) => c.replace(/""/g, '"')));
    for (const [k, v] of Object.entries(expected)) {
      const row = cells.find((c) => c[0] === r_fr.labels[k]);
      check(row, `${when}: CSV row for ${k}`);
      eq(row[1], k.endsWith('_share') ? `${v} %` : String(v), `${when}: CSV value of ${k}`);
      eq(row[row.length - 1], r_fr.definitions[k], `${when}: CSV definition of ${k}`);
    }
    const sectors = await api_in_page(admin, 'GET', `/api/v1/reports/${cycle}.csv?table=sectors&lang=fr`);
    check(sectors.text.includes('"<3"') && !sectors.text.includes('mental_health'), `${when}: sectors CSV uses labels and <3`);
    const all = await api_in_page(admin, 'GET', `/api/v1/reports/${cycle}.csv?lang=en&sep=comma`);
    check(all.text.includes('"section","Count"') && all.text.includes('"sessions","'), `${when}: all tables, with a section column`);
    return all.text;
  }

  await test('report: sessions for the scenario, registrations, a cancellation, a waiting list, an erasure before the start', async () => {
    admin = x.admin_page();
    cycle = (await (await fetch(`${x.base()}/api/v1/cycles/current`)).json()).label;
    const pick = async (series, n) => {
      const list = await (await fetch(`${x.base()}/api/v1/sessions?series=${series}`)).json();
      const free = list.filter((y) => y.registration_open && y.cycle === cycle && y.seats_left === y.capacity && y.waitlist === 0);
      check(free.length >= n, `${n} free ${series} sessions in the cycle: ${free.length}`);
      return free.slice(0, n);
    };
    [s.one] = await pick('ztg-coordinators', 1);
    [s.two, s.three] = await pick('ztg-peers', 2);
    eq((await patch(s.one.id, { capacity: 5 })).status, 200, 'S1 capacity 5');
    for (const k of ['A', 'B', 'C', 'D', 'G']) eq((await register(s.one.id, people[k])).status, 'confirmed', `${k} confirmed`);
    eq((await register(s.one.id, people.F)).status, 'waitlisted', 'F waitlisted');
    eq((await register(s.one.id, people.E)).status, 'waitlisted', 'E waitlisted');
    eq((await register(s.one.id, people.H)).status, 'waitlisted', 'H waitlisted');
    // F cancels; G erases herself before the start: E moves up.
    const f = await fetch(`${x.base()}/api/v1/me/registrations/${people.F.registration_id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${await token_of(people.F)}` } });
    check(f.status === 204 || f.status === 200, `F cancelled: ${f.status}`);
    const g = await fetch(`${x.base()}/api/v1/me`, { method: 'DELETE', headers: { Authorization: `Bearer ${await token_of(people.G)}` } });
    check(g.status === 204 || g.status === 200, `G erased: ${g.status}`);
    const roll = await api_in_page(admin, 'GET', `/api/v1/sessions/${s.one.id}/roll`);
    const confirmed = roll.json.entries.filter((e) => e.status === 'confirmed').map((e) => e.name).sort();
    eq(JSON.stringify(confirmed), JSON.stringify(['A', 'B', 'C', 'D', 'E'].map((k) => people[k].name)), 'before the start: the five confirmed');
    eq(roll.json.counts.registered, 5, 'before the start: counts are the rows listed');
    eq(roll.json.counts.waitlisted, 1, 'before the start: H waiting');
    for (const k of ['P1', 'P2', 'P3']) await register(s.two.id, people[k]);
    await register(s.three.id, people.Q1);
    // S3 is cancelled before its start; S1 ended an hour ago, S2 four hours ago.
    eq((await patch(s.three.id, { state: 'cancelled' })).status, 200, 'S3 cancelled');
    const now = Date.now();
    eq((await patch(s.one.id, { starts_at: iso(now - 3 * 3600000), ends_at: iso(now - 3600000) })).status, 200, 'S1 moved into the past');
    eq((await patch(s.two.id, { starts_at: iso(now - 6 * 3600000), ends_at: iso(now - 4 * 3600000) })).status, 200, 'S2 moved into the past');
  });

  await test('report: the roll taken on /staff, a walk-in, the session held by itself; an erasure after it keeps every count', async () => {
    const page = admin;
    await page.reload();
    await page.waitForSelector('#workspace:not([hidden]) #my-sessions .session-card');
    const open_session = async (id) => {
      const starts = (await api_in_page(page, 'GET', `/api/v1/sessions/${id}`)).json.starts_at;
      const idx = await page.evaluate((iso_) => [...document.querySelectorAll('#my-sessions li')]
        .findIndex((li) => li.querySelector('time')?.getAttribute('datetime') === iso_), starts);
      check(idx >= 0, `session ${id} in my sessions`);
      return idx;
    };
    // S2 ended without its roll: "roll missing" for staff.
    const i2 = await open_session(s.two.id);
    const badge = await page.textContent(`#my-sessions li:nth-child(${i2 + 1}) .badge`);
    check(/roll missing|présences manquantes|aanwezigheden ontbreken/i.test(badge), `S2 shows roll missing: ${badge}`);
    const i1 = await open_session(s.one.id);
    await page.click(`#my-sessions li:nth-child(${i1 + 1}) button`);
    await page.locator('#roll-list .roll-button', { hasText: people.A.name }).waitFor();
    await page.waitForSelector('#roll-outcome:not([hidden])');
    const tap = async (k, times) => {
      for (let i = 0; i < times; ++i) {
        await Promise.all([
          page.waitForResponse((r) => r.url().includes(`/roll/${people[k].registration_id}`) && r.request().method() === 'PUT'),
          page.locator('#roll-list .roll-button', { hasText: people[k].name }).click(),
        ]);
      }
    };
    for (const [k, times] of [['A', 1], ['B', 1], ['C', 1], ['D', 2], ['E', 3]]) await tap(k, times);
    await page.click('#walkin-details summary');
    await page.fill('#wi-name', 'Rapport W Testperson');
    await page.fill('#wi-organisation', 'Org W');
    await page.selectOption('#wi-sector', 'mental_health');
    await page.selectOption('#wi-role', 'coordinator');
    await page.check('#wi-consent');
    await page.click('#walkin-form button[type="submit"]');
    await page.waitForSelector('#roll-list .roll-button >> text=Rapport W Testperson');
    let roll = (await api_in_page(page, 'GET', `/api/v1/sessions/${s.one.id}/roll`)).json;
    eq(roll.session.state, 'held', 'ended with its roll: held by itself');
    for (const k of ['registered', 'waitlisted', 'walk_ins', 'present', 'absent', 'excused', 'unmarked']) eq(roll.counts[k], expected[k], `roll ${k}`);
    eq(roll.entries.length, 6, 'the roll lists the five registered and the walk-in');
    // B is erased by the admin after the session: still counted, no longer named.
    eq((await api_in_page(page, 'POST', '/api/v1/erasure', { email: people.B.email })).status, 200, 'B erased');
    await page.reload();
    await page.waitForSelector('#workspace:not([hidden]) #my-sessions .session-card');
    await page.click(`#my-sessions li:nth-child(${(await open_session(s.one.id)) + 1}) button`);
    await page.locator('#roll-list .roll-button', { hasText: people.A.name }).waitFor();
    await page.waitForSelector('#roll-count-erased_since');
    roll = (await api_in_page(page, 'GET', `/api/v1/sessions/${s.one.id}/roll`)).json;
    for (const k of ['registered', 'walk_ins', 'present', 'absent', 'excused', 'unmarked']) eq(roll.counts[k], expected[k], `after the erasure, roll ${k}`);
    eq(roll.entries.length, 5, 'five listed');
    eq(roll.counts.erased_since, 1, 'one erased since, counted');
    check((await page.textContent('#roll-count-erased_since')).includes('1'), 'the roll page shows the erased line');
    check(!(await page.textContent('#roll-list')).includes(people.B.name), 'B is not named');
    check((await page.textContent('#roll-state')).length > 0, 'the state is shown');
  });

  await test('report: every count against its definition in the JSON, on the page and in the CSV; printed to A4', async () => {
    const en = (await report_json('en')).json;
    check_json(en, 'before the purge');
    const fr = (await report_json('fr')).json;
    eq(fr.definitions.registered, 'Personnes dont l\'inscription était confirmée au début de la séance (séances tenues).', 'French definition');
    const page = await check_page(fr, 'before the purge');
    await check_csv(fr, 'before the purge');
    await page.emulateMedia({ media: 'print' });
    const pdf = join(artifacts, 'report-a4.pdf');
    await page.pdf({ path: pdf, format: 'A4', printBackground: true });
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '2', pdf, join(artifacts, 'report-a4')]);
    check(existsSync(join(artifacts, 'report-a4-1.png')), 'A4 page rendered to PNG');
    const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
    check(text.includes(fr.definitions.sessions_held.slice(0, 40)), 'the printed report carries the definitions');
    check(/595|842/.test(execFileSync('pdfinfo', [pdf]).toString().match(/Page size:.*$/m)[0]), 'A4 paper');
    await page.close();
  });

  return {
    // Just before the cycle's purge: what the report says, to compare after it.
    async before() {
      if (!admin) return;
      const r = (await report_json('en')).json;
      const csv = (await api_in_page(admin, 'GET', `/api/v1/reports/${cycle}.csv?lang=fr`)).text;
      before_purge = { r, csv };
    },
    async after() {
      if (!admin || !before_purge) return;
      const r = (await report_json('en')).json;
      const strip = (y) => JSON.stringify({ ...y, generated_at: null });
      eq(strip(r), strip(before_purge.r), 'the report is identical after the purge (but for its date)');
      const csv = (await api_in_page(admin, 'GET', `/api/v1/reports/${cycle}.csv?lang=fr`)).text;
      eq(csv, before_purge.csv, 'the CSV is identical after the purge');
      check_json(r, 'after the purge');
      const fr = (await report_json('fr')).json;
      const page = await check_page(fr, 'after the purge');
      await page.close();
      await check_csv(fr, 'after the purge');
      const roll = (await api_in_page(admin, 'GET', `/api/v1/sessions/${s.one.id}/roll`)).json;
      eq(roll.entries.length, 0, 'after the purge nobody is listed');
      eq(roll.counts.erased_since, 6, 'and all six are counted as erased since');
      eq(roll.counts.present, 4, 'present unchanged');
    },
  };
}
