// Feedback and attestations in the browser (issue 21), against a server of their own (their
// held session would otherwise change the exact totals report_flow.mjs checks): four people
// register, the admin moves the session into the past and takes the roll, the server holds it
// and mails a one-time feedback link to the three present. Each answers on the form with
// JavaScript off (the page is the server's); the same link a second time is refused; the
// printable report shows the feedback only from the third answer. Then the attestation is
// downloaded from /manage and read back with pdftotext.

import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function feedback_flow({ test, check, eq, browser, binary, root, artifacts }) {
  const tmp = mkdtempSync(join(tmpdir(), 'intervision-feedback-'));
  const outbox = join(tmp, 'outbox');
  mkdirSync(outbox, { recursive: true });
  const port = 20100 + Math.floor(Math.random() * 2000);
  const base = `http://127.0.0.1:${port}`;
  const admin_email = 'feedback.admin@example.org';
  let server;
  let password;

  const decode_qp = (s) => s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (m, h) => String.fromCharCode(parseInt(h, 16)));
  const mails_to = (email) => readdirSync(outbox).filter((f) => f.endsWith('.eml')).sort()
    .map((f) => Buffer.from(decode_qp(readFileSync(join(outbox, f), 'latin1')), 'latin1').toString('utf8'))
    .filter((m) => m.toLowerCase().includes(`to: ${email}`));
  async function wait_for(fn, what, timeout = 20000) {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      const v = await fn();
      if (v) return v;
      await sleep(250);
    }
    throw new Error(`timed out waiting for ${what}`);
  }
  const feedback_link = (email) => {
    for (const m of mails_to(email).reverse()) {
      const l = /https?:\/\/[^\s"<>]+\/feedback\?token=[A-Za-z0-9_-]+&lang=(?:fr|nl|en)/.exec(m);
      if (l) return l[0].replace(/^https?:\/\/[^/]+/, base);
    }
    return null;
  };
  const personal_link = (email) => {
    for (const m of mails_to(email)) {
      const l = /https?:\/\/[^\s"<>]+\/manage#token=[A-Za-z0-9_\-.~%]+/.exec(m);
      if (l) return l[0].replace(/^https?:\/\/[^/]+/, base);
    }
    return null;
  };

  const people = [
    { name: 'Amélie Feedback', email: 'amelie.feedback@example.org', language: 'fr' },
    { name: 'Bram Feedback', email: 'bram.feedback@example.org', language: 'nl' },
    { name: 'Chris Feedback', email: 'chris.feedback@example.org', language: 'en' },
    { name: 'Dana Absent', email: 'dana.absent@example.org', language: 'en' },
  ];
  let admin_ctx;
  let admin;
  let session;
  let cycle;
  const api = (method, path, body) => admin.evaluate(async ([m, p, b]) => {
    const headers = { 'Content-Type': 'application/json', 'X-CSRF-Token': sessionStorage.getItem('intervision.csrf') || '' };
    const r = await fetch(p, { method: m, headers, credentials: 'same-origin', body: b === undefined ? undefined : JSON.stringify(b) });
    const text = await r.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    return { status: r.status, json, text };
  }, [method, path, body]);

  try {
    await test('feedback: a held session mails a one-time link to those present', async () => {
      server = spawn(binary, ['serve', '--port', String(port), '--data', join(tmp, 'data'), '--admin-email', admin_email], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env, INTERVISION_MAIL_TRANSPORT: 'directory', INTERVISION_MAIL_DIRECTORY: outbox, INTERVISION_MAIL_POLL_SECONDS: '1',
          INTERVISION_SERVER_PUBLIC_URL: base, INTERVISION_SERVER_WEB_ROOT: join(root, 'web'),
        },
      });
      let out = '';
      server.stdout.on('data', (d) => { out += d; });
      server.stderr.on('data', (d) => { out += d; });
      password = await wait_for(() => /one-time password (\S+) \(shown only now\)/.exec(out)?.[1], 'the server to start', 30000);
      await wait_for(() => /intervision serving on/.test(out), 'the server to listen');

      admin_ctx = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
      admin = await admin_ctx.newPage();
      await admin.goto(`${base}/admin`);
      await admin.waitForSelector('#signin:not([hidden])');
      await admin.fill('#signin-email', admin_email);
      await admin.fill('#signin-password', password);
      await admin.click('#signin-form button[type="submit"]');
      await admin.waitForFunction(() => sessionStorage.getItem('intervision.csrf'));
      const chosen = 'feedback flow passphrase 2026';
      eq((await api('POST', '/api/v1/auth/password', { current_password: password, new_password: chosen })).status, 204, 'password changed');
      await admin.goto(`${base}/admin`);
      await admin.waitForSelector('#signin:not([hidden]), #admin-area:not([hidden])');
      if (await admin.isVisible('#signin')) {
        await admin.fill('#signin-email', admin_email);
        await admin.fill('#signin-password', chosen);
        await admin.click('#signin-form button[type="submit"]');
      }
      await admin.waitForSelector('#admin-area:not([hidden])');

      const sessions = await (await fetch(`${base}/api/v1/sessions?series=cross-sector`)).json();
      session = sessions.find((s) => s.registration_open);
      check(session, 'an open cross-sector session');
      cycle = (await (await fetch(`${base}/api/v1/cycles/current`)).json()).label;
      for (const p of people) {
        const r = await fetch(`${base}/api/v1/sessions/${session.id}/registrations`, {
          method: 'POST', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ name: p.name, email: p.email, organisation: 'Org', sector: 'mental_health', role: 'peer_helper', language: p.language, consent: true }),
        });
        const body = await r.json();
        eq(r.status, 201, `registration of ${p.email}`);
        p.registration_id = body.registration_id;
      }
      const now = Date.now();
      const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
      eq((await api('PATCH', `/api/v1/sessions/${session.id}`, { starts_at: iso(now - 3 * 3600000), ends_at: iso(now - 3600000) })).status, 200,
        'the session moved into the past');
      for (const p of people) {
        const mark = p.name.includes('Absent') ? 'absent' : 'present';
        eq((await api('PUT', `/api/v1/sessions/${session.id}/roll/${p.registration_id}`, { attendance: mark })).status, 200, `${p.name} ${mark}`);
      }
      for (const p of people.slice(0, 3)) p.feedback = await wait_for(() => feedback_link(p.email), `the feedback mail to ${p.email}`);
      const state = (await (await fetch(`${base}/api/v1/sessions/${session.id}`)).json()).state;
      eq(state, 'held', 'the session is held');
      await sleep(1500);  // another round: nothing more
      eq(mails_to(people[0].email).filter((m) => m.includes('/feedback?token=')).length, 1, 'one feedback mail, not two');
      eq(feedback_link(people[3].email), null, 'no feedback mail to the absent one');
    });

    const report_feedback = async () => {
      const page = await admin_ctx.newPage();
      await page.goto(`${base}/reports/${cycle}`);
      await page.waitForSelector('body[data-ready="true"]');
      await page.waitForSelector('#report-feedback');
      const text = await page.textContent('#report-feedback');
      await page.close();
      return text;
    };

    await test('feedback: the form works without JavaScript, answers once, and refuses the link twice', async () => {
      const ctx = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-BE' });
      const answers = [
        { usefulness: '5', again: 'yes', themes: ['relapse'], comment: 'Très utile, merci à Bram Feedback.' },
        { usefulness: '4', again: 'yes', themes: ['relapse', 'posture'], comment: '' },
        { usefulness: '3', again: 'no', themes: [], comment: 'Good.' },
      ];
      for (let i = 0; i < 3; i += 1) {
        const p = people[i];
        const a = answers[i];
        const page = await ctx.newPage();
        await page.goto(p.feedback);
        eq(await page.getAttribute('html', 'lang'), p.language, `${p.name}: the form in their language`);
        await page.check(`#fb-usefulness-${a.usefulness}`);
        await page.check(`#fb-come_again-${a.again}`);
        for (const th of a.themes) await page.check(`#fb-themes_wished-${th}`);
        if (a.comment) await page.fill('#fb-comment', a.comment);
        await page.click('form.feedback-form button[type="submit"]');
        await page.waitForSelector('.feedback-thanks');
        if (i === 0) await page.screenshot({ path: join(artifacts, 'feedback-thanks.png') });
        // The same link again: a clear refusal, on opening and on sending.
        const again = await page.goto(p.feedback);
        eq(again.status(), 409, `${p.name}: the link a second time`);
        check(await page.isVisible('.feedback-refused'), 'the refusal is shown');
        await page.close();
        if (i === 1) {
          const text = await report_feedback();
          check(/No session has 3 answers yet/.test(text), `two answers: nothing shown (${text.slice(0, 200)})`);
        }
      }
      await ctx.close();
      const text = await report_feedback();
      check(!/No session has 3 answers yet/.test(text), 'three answers: shown');
      const table = await (async () => {
        const page = await admin_ctx.newPage();
        await page.goto(`${base}/reports/${cycle}`);
        await page.waitForSelector('#report-feedback table');
        const rows = await page.$eval('#report-feedback table', (t) => [...t.tBodies[0].rows].map((tr) => tr.textContent));
        await page.screenshot({ path: join(artifacts, 'report-feedback.png'), fullPage: true });
        await page.close();
        return rows;
      })();
      eq(table.length, 1, 'one series row');
      check(/Cross-sector intervision\s*3\s*4/.test(table[0]), `3 answers, mean 4: ${table[0]}`);
      check(!text.includes('Bram Feedback'), 'the name in the comment was anonymised');
      const json = (await api('GET', `/api/v1/reports/${cycle}/feedback`)).json;
      eq(json.total.answers, 3, 'the JSON counts three answers');
    });

    await test('feedback: the attestation downloaded from /manage, its text read back, its code checked on /admin', async () => {
      const p = people[1];
      const ctx = await browser.newContext({ locale: 'nl-BE', acceptDownloads: true });
      const page = await ctx.newPage();
      await page.goto(personal_link(p.email));
      await page.waitForSelector('#manage-content:not([hidden])');
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#attestation')]);
      const file = join(artifacts, 'attestation-nl.pdf');
      await download.saveAs(file);
      try { execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', file, join(artifacts, 'attestation-nl')]); } catch { /* a picture for people only */ }
      eq(readFileSync(file).subarray(0, 5).toString(), '%PDF-', 'a PDF');
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
      check(text.includes('Aanwezigheidsattest') && text.includes(p.name) && text.includes('Sectoroverschrijdende intervisie'),
        `the attestation in Dutch with the name and series: ${text}`);
      check(/Totaal:\s*2 ?u/.test(text) || /2 ?u\s/.test(text), `the total: ${text}`);
      const code = /([0-9A-Z]{5}-[0-9A-Z]{5})/.exec(text)[1];
      await ctx.close();
      await admin.goto(`${base}/admin`);
      await admin.waitForSelector('#admin-area:not([hidden])');
      await admin.fill('#attestation-code', code.toLowerCase());
      await admin.click('#attestation-form button[type="submit"]');
      await admin.waitForSelector('#attestation-result.success');
      const shown = await admin.textContent('#attestation-result');
      check(/Valid: 2 h/.test(shown) && !shown.includes(p.name), `the check: ${shown}`);
      await admin.fill('#attestation-code', 'ABCDE-FGHJK');
      await admin.click('#attestation-form button[type="submit"]');
      await admin.waitForSelector('#attestation-result.error');
    });
  } finally {
    if (admin_ctx) await admin_ctx.close().catch(() => {});
    if (server && server.exitCode === null) server.kill('SIGTERM');
    await sleep(300);
    if (!process.env.KEEP_TMP) rmSync(tmp, { recursive: true, force: true });
  }
}
