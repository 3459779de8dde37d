// A small stand-in for `intervision serve`, for developing the pages before (or without) the
// C++ server: serves web/ under the same CSP and answers the JSON API of docs/api.md from memory.
// It writes mails as .eml files into INTERVISION_MAIL_DIRECTORY and prints the same two lines as
// the real server, so tests/browser/run.mjs drives both the same way (run.mjs --mock).
// Usage: node tests/browser/mock_server.mjs --port N [--data DIR]

import http from 'node:http';
import { readFileSync, existsSync, mkdirSync, writeFileSync, statSync } from 'node:fs';
import { join, dirname, extname, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const web = join(root, 'web');
const arg = (name, def) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : def; };
const port = Number(arg('--port', process.env.INTERVISION_SERVER_PORT || 8080));
const data_dir = arg('--data', join(root, 'data'));
const outbox = process.env.INTERVISION_MAIL_DIRECTORY || join(data_dir, 'outbox');
mkdirSync(outbox, { recursive: true });

const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'";
const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.json': 'application/json' };
const token = () => randomBytes(16).toString('hex');

// --- data ---
const labels = (fr, nl, en) => ({ fr, nl, en });
const series = [
  { slug: 'cross-sector', title: labels('Intervision intersectorielle', 'Sectoroverschrijdende intervisie', 'Cross-sector intervision'), cadence: 'monthly', audience: { roles: ['peer_helper'], sectors: ['*'] }, online: false, capacity: 12, place: 'Smes, Rue du Progrès 323, 1030 Schaerbeek' },
  { slug: 'ztg-peers', title: labels('Intervision pair-aidants ZTG', 'Intervisie ervaringsdeskundigen ZTG', 'ZTG peer helpers intervision'), cadence: 'quarterly', audience: { roles: ['peer_helper'], sectors: ['ztg'] }, online: false, capacity: 10, place: 'Smes, Rue du Progrès 323, 1030 Schaerbeek' },
  { slug: 'ztg-coordinators', title: labels('Intervision coordinateurs ZTG', 'Intervisie ZTG-coördinatoren', 'ZTG coordinators intervision'), cadence: 'quarterly', audience: { roles: ['coordinator'], sectors: ['*'] }, online: true, capacity: 15, place: 'https://meet.example.org/smes-ztg' },
];
const sectors = ['mental_health', 'addiction', 'homelessness', 'poverty', 'sex_work', 'hospital', 'domestic_violence', 'ztg', 'other']
  .map((id) => ({ id, label: labels(`FR ${id}`, `NL ${id}`, id.replace('_', ' ')) }));
const themes = [
  { id: 'boundaries', label: labels('Poser ses limites', 'Grenzen bewaken', 'Keeping boundaries'), retired: false },
  { id: 'relapse', label: labels('Rechute', 'Herval', 'Relapse'), retired: false },
  { id: 'posture', label: labels('Posture du pair-aidant', 'Houding van de ervaringsdeskundige', "The peer helper's posture"), retired: false },
];
const cycle = { label: '2026-2027', first_day: '2026-09-01', last_day: '2027-08-31', deletion_date: '2027-09-01', privacy_version: '2026-09' };

function brussels_iso(date) { // good enough for a mock: +01:00 in winter, +02:00 in summer
  const m = date.getUTCMonth();
  const off = m >= 3 && m <= 9 ? 2 : 1;
  const local = new Date(date.getTime() + off * 3600000).toISOString().slice(0, 19);
  return `${local}+0${off}:00`;
}

const sessions = [];
let next_id = 1;
const now = Date.now();
for (let i = 0; i < 6; i++) {
  for (const s of series) {
    if (s.cadence === 'quarterly' && i % 3) continue;
    const start = new Date(now + (i * 30 + 7 + series.indexOf(s) * 2) * 86400000);
    start.setUTCHours(8, 30, 0, 0);
    sessions.push({ id: next_id++, series: s.slug, start, minutes: 180, place: s.place, online: s.online, capacity: s.capacity, state: 'scheduled', facilitators: [1] });
  }
}
const participants = []; // {id, token, name, email, ..., cycle}
const registrations = []; // {id, session_id, participant_id, status, at, attendance}
const notes = [];
const session_themes = new Map();
const staff = [{ id: 1, email: arg('--admin-email', 'coordination@example.org'), name: 'Admin', role: 'admin', active: true, password: token().slice(0, 12), must_change: true }];
const staff_sessions = new Map(); // cookie -> {staff_id, csrf}
const audit = [];
let reg_id = 1;
let part_id = 1;

const confirmed = (sid) => registrations.filter((r) => r.session_id === sid && r.status === 'confirmed').length;
const waiting = (sid) => registrations.filter((r) => r.session_id === sid && r.status === 'waitlisted');
const position = (r) => waiting(r.session_id).indexOf(r) + 1;

function session_json(s, reveal) {
  const sr = series.find((x) => x.slug === s.series);
  const ends = new Date(s.start.getTime() + s.minutes * 60000);
  const closes = new Date(s.start.getTime() - 24 * 3600000);
  return {
    id: s.id, series: s.series, title: sr.title, starts_at: brussels_iso(s.start), ends_at: brussels_iso(ends),
    place: s.online && !reveal ? 'online' : s.place, online: s.online, capacity: s.capacity,
    seats_left: Math.max(0, s.capacity - confirmed(s.id)), waitlist: waiting(s.id).length, state: s.state,
    registration_open: s.state === 'scheduled' && Date.now() < closes.getTime(), registration_closes_at: brussels_iso(closes), cycle: cycle.label,
  };
}

function mail(to, subject, body) {
  const name = `${Date.now()}-${token().slice(0, 6)}.eml`;
  writeFileSync(join(outbox, name), `From: Smes PAT <intervision@localhost>\r\nTo: ${to}\r\nSubject: ${subject}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${body.replace(/=/g, '=3D')}\r\n`);
}

// --- http plumbing ---
function send(res, status, body, headers = {}) {
  const h = { 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff', ...headers };
  if (body === undefined) { res.writeHead(status, h); res.end(); return; }
  if (typeof body === 'string' || Buffer.isBuffer(body)) { res.writeHead(status, h); res.end(body); return; }
  res.writeHead(status, { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', ...h });
  res.end(JSON.stringify(body));
}
const problem = (status, detail, errors) => ({ type: 'about:blank', title: detail, status, detail, ...(errors ? { errors } : {}) });

function read_body(req) {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (c) => { data += c; });
    req.on('end', () => { try { resolve(data ? JSON.parse(data) : {}); } catch { resolve(null); } });
  });
}

function staff_of(req) {
  const m = /intervision_session=([a-f0-9]+)/.exec(req.headers.cookie || '');
  const s = m && staff_sessions.get(m[1]);
  if (!s) return null;
  return { ...staff.find((x) => x.id === s.staff_id), csrf: s.csrf, cookie: m[1] };
}

function validate_person(b, errors, email_required = true) {
  for (const f of ['name', 'organisation']) if (!b[f] || typeof b[f] !== 'string') errors[f] = 'required';
  if (email_required && !b.email) errors.email = 'required';
  else if (b.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(b.email)) errors.email = 'invalid_email';
  if (b.phone && !/^\+?[0-9 ./-]{6,}$/.test(b.phone)) errors.phone = 'invalid_phone';
  if (!sectors.some((s) => s.id === b.sector)) errors.sector = b.sector ? 'unknown_value' : 'required';
  if (!['peer_helper', 'coordinator'].includes(b.role)) errors.role = 'unknown_value';
  if (!['fr', 'nl', 'en'].includes(b.language)) errors.language = 'unknown_value';
  if (b.consent !== true) errors.consent = 'consent_required';
}

function promote(sid) {
  const s = sessions.find((x) => x.id === sid);
  while (confirmed(sid) < s.capacity && waiting(sid).length) {
    const r = waiting(sid)[0];
    r.status = 'confirmed';
    const p = participants.find((x) => x.id === r.participant_id);
    mail(p.email, 'A seat is yours', `Good news: a seat freed up.\r\nhttp://127.0.0.1:${port}/manage#token=${p.token}`);
  }
}

function redact(text, extra) {
  const enc = new TextEncoder();
  const found = [];
  const add = (re, type) => { for (const m of text.matchAll(re)) found.push({ from: m.index, to: m.index + m[0].length, type }); };
  add(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, 'email');
  add(/\+?\d[\d ]{7,}\d/g, 'phone');
  for (const p of participants) for (const part of p.name.split(/\s+/)) if (part.length > 2) add(new RegExp(part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g'), 'name');
  for (const e of extra || []) add(new RegExp(e.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), 'custom');
  found.sort((a, b) => a.from - b.from);
  const spans = [];
  let out = '';
  let at = 0;
  for (const f of found) {
    if (f.from < at) continue;
    out += text.slice(at, f.from) + `[${f.type.toUpperCase()}]`;
    spans.push({ start: enc.encode(text.slice(0, f.from)).length, end: enc.encode(text.slice(0, f.to)).length, type: f.type });
    at = f.to;
  }
  return { redacted: out + text.slice(at), spans };
}

function records() {
  const p = participants.length;
  const live = registrations.filter((r) => participants.some((x) => x.id === r.participant_id)).length;
  return { participants: p, registrations: live, personal_links: p, mails: p };
}

// --- routes ---
async function api(req, res, path, query) {
  const m = (re) => re.exec(path);
  const method = req.method;
  let x;
  if (method === 'GET' && path === '/api/v1/series') return send(res, 200, series.map(({ place, ...s }) => s));
  if (method === 'GET' && path === '/api/v1/sectors') return send(res, 200, sectors);
  if (method === 'GET' && path === '/api/v1/cycles/current') return send(res, 200, cycle);
  if (method === 'GET' && path === '/api/v1/sessions') {
    return send(res, 200, sessions.filter((s) => !query.get('series') || s.series === query.get('series')).map((s) => session_json(s, false)));
  }
  if (method === 'GET' && (x = m(/^\/api\/v1\/sessions\/(\d+)$/))) {
    const s = sessions.find((y) => y.id === Number(x[1]));
    return s ? send(res, 200, session_json(s, false)) : send(res, 404, problem(404, 'No such session.'));
  }
  if (method === 'POST' && (x = m(/^\/api\/v1\/sessions\/(\d+)\/registrations$/))) {
    const s = sessions.find((y) => y.id === Number(x[1]));
    if (!s) return send(res, 404, problem(404, 'No such session.'));
    const b = await read_body(req);
    if (!b) return send(res, 400, problem(400, 'Malformed JSON.'));
    const errors = {};
    validate_person(b, errors);
    if (Object.keys(errors).length) return send(res, 422, problem(422, 'Some fields are invalid.', errors));
    if (!session_json(s).registration_open) return send(res, 410, problem(410, 'Registration is closed.'));
    const sr = series.find((y) => y.slug === s.series);
    if (!sr.audience.roles.includes(b.role) || !(sr.audience.sectors.includes('*') || sr.audience.sectors.includes(b.sector))) return send(res, 403, problem(403, 'Not eligible.'));
    let p = participants.find((y) => y.email === b.email.toLowerCase());
    if (p && registrations.some((r) => r.participant_id === p.id && r.session_id === s.id && r.status !== 'cancelled')) return send(res, 409, problem(409, 'Already registered.'));
    if (!p) {
      p = { id: part_id++, token: token(), name: b.name, email: b.email.toLowerCase(), phone: b.phone || '', organisation: b.organisation, sector: b.sector, role: b.role, language: b.language, cycle: cycle.label, deletion_date: cycle.deletion_date, consent_at: brussels_iso(new Date()), privacy_version: cycle.privacy_version };
      participants.push(p);
    }
    const targets = b.all_remaining ? sessions.filter((y) => y.series === s.series && y.start >= s.start && session_json(y).registration_open) : [s];
    const items = [];
    for (const t of targets) {
      if (registrations.some((r) => r.participant_id === p.id && r.session_id === t.id && r.status !== 'cancelled')) continue;
      const r = { id: reg_id++, session_id: t.id, participant_id: p.id, status: confirmed(t.id) < t.capacity ? 'confirmed' : 'waitlisted', attendance: null };
      registrations.push(r);
      items.push({ session_id: t.id, registration_id: r.id, status: r.status, ...(r.status === 'waitlisted' ? { waitlist_position: position(r) } : {}) });
    }
    mail(p.email, 'Your registration', `Manage your registrations:\r\nhttp://127.0.0.1:${port}/manage#token=${p.token}`);
    const first = items[0];
    return send(res, 201, { registration_id: first.registration_id, status: first.status, ...(first.waitlist_position ? { waitlist_position: first.waitlist_position } : {}), deletion_date: cycle.deletion_date, privacy_version: cycle.privacy_version, registrations: items });
  }
  if (path.startsWith('/api/v1/me')) {
    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization || '');
    const p = bearer && participants.find((y) => y.token === bearer[1]);
    if (!p) return send(res, 401, problem(401, 'This link is not valid or has expired.'));
    if (method === 'GET' && path === '/api/v1/me') {
      const { id, token: _t, ...participant } = p;
      return send(res, 200, {
        participant,
        registrations: registrations.filter((r) => r.participant_id === p.id).map((r) => ({ id: r.id, status: r.status, session: session_json(sessions.find((s) => s.id === r.session_id), r.status === 'confirmed'), ...(r.status === 'waitlisted' ? { waitlist_position: position(r) } : {}), ...(r.attendance ? { attendance: r.attendance } : {}) })),
        mails: [],
      });
    }
    if (method === 'DELETE' && (x = m(/^\/api\/v1\/me\/registrations\/(\d+)$/))) {
      const r = registrations.find((y) => y.id === Number(x[1]) && y.participant_id === p.id);
      if (!r) return send(res, 404, problem(404, 'No such registration.'));
      r.status = 'cancelled';
      promote(r.session_id);
      return send(res, 200, { status: 'cancelled' });
    }
    if (method === 'DELETE' && path === '/api/v1/me') {
      for (const r of registrations.filter((y) => y.participant_id === p.id)) { r.status = 'cancelled'; promote(r.session_id); }
      participants.splice(participants.indexOf(p), 1);
      return send(res, 204);
    }
  }
  if (method === 'POST' && path === '/api/v1/auth/login') {
    const b = await read_body(req);
    const s = staff.find((y) => y.email === b?.email && y.password === b?.password && y.active);
    if (!s) return send(res, 401, problem(401, 'Wrong email or password.'));
    const cookie = token();
    const csrf = token();
    staff_sessions.set(cookie, { staff_id: s.id, csrf });
    return send(res, 200, { csrf_token: csrf, role: s.role, email: s.email, must_change_password: s.must_change }, { 'Set-Cookie': `intervision_session=${cookie}; Path=/; HttpOnly; SameSite=Strict` });
  }
  if (!path.startsWith('/api/v1/')) return send(res, 404, problem(404, 'Not found.'));
  const who = staff_of(req);
  if (!who) return send(res, 401, problem(401, 'Please sign in.'));
  if (method !== 'GET' && req.headers['x-csrf-token'] !== who.csrf) return send(res, 403, problem(403, 'CSRF token missing or wrong.'));
  const log = (action, type, id) => audit.unshift({ id: audit.length + 1, at: brussels_iso(new Date()), actor: who.email, action, object_type: type, object_id: String(id) });
  if (method === 'GET' && path === '/api/v1/auth/me') return send(res, 200, { id: who.id, email: who.email, role: who.role, csrf_token: who.csrf, must_change_password: who.must_change });
  if (method === 'POST' && path === '/api/v1/auth/logout') { staff_sessions.delete(who.cookie); return send(res, 204); }
  if (method === 'POST' && path === '/api/v1/auth/password') {
    const b = await read_body(req);
    const s = staff.find((y) => y.id === who.id);
    if (b.current_password !== s.password) return send(res, 401, problem(401, 'Wrong password.'));
    if (!b.new_password || b.new_password.length < 12) return send(res, 422, problem(422, 'Too weak.', { new_password: 'too_common' }));
    s.password = b.new_password; s.must_change = false;
    return send(res, 204);
  }
  if (method === 'GET' && path === '/api/v1/staff/sessions') {
    return send(res, 200, sessions.filter((s) => who.role === 'admin' || s.facilitators.includes(who.id)).map((s) => ({ ...session_json(s, true), facilitators: s.facilitators.map((id) => ({ id, email: staff.find((y) => y.id === id)?.email, name: 'Admin' })) })));
  }
  if ((x = m(/^\/api\/v1\/sessions\/(\d+)\/(roll|walk-ins|themes|notes)(?:\/(\d+))?$/))) {
    const s = sessions.find((y) => y.id === Number(x[1]));
    if (!s) return send(res, 404, problem(404, 'No such session.'));
    const counts = () => {
      const rs = registrations.filter((r) => r.session_id === s.id);
      return { registered: rs.filter((r) => r.status === 'confirmed').length, waitlisted: rs.filter((r) => r.status === 'waitlisted').length, present: rs.filter((r) => r.attendance === 'present').length, absent: rs.filter((r) => r.attendance === 'absent').length, excused: rs.filter((r) => r.attendance === 'excused').length };
    };
    if (x[2] === 'roll' && method === 'GET') {
      const entries = registrations.filter((r) => r.session_id === s.id && r.status !== 'cancelled').map((r) => {
        const p = participants.find((y) => y.id === r.participant_id) || {};
        return { registration_id: r.id, name: p.name, organisation: p.organisation, sector: p.sector, role: p.role, status: r.status, attendance: r.attendance, walk_in: !!r.walk_in };
      });
      return send(res, 200, { session: session_json(s, true), entries, counts: counts() });
    }
    if (x[2] === 'roll' && method === 'PUT' && x[3]) {
      const b = await read_body(req);
      if (!['present', 'absent', 'excused'].includes(b.attendance)) return send(res, 422, problem(422, 'Bad attendance.', { attendance: 'unknown_value' }));
      const r = registrations.find((y) => y.id === Number(x[3]) && y.session_id === s.id && y.status === 'confirmed');
      if (!r) return send(res, 404, problem(404, 'No such registration.'));
      r.attendance = b.attendance;
      log('roll.mark', 'registration', r.id);
      return send(res, 200, { registration_id: r.id, attendance: r.attendance, counts: counts() });
    }
    if (x[2] === 'walk-ins' && method === 'POST') {
      const b = await read_body(req);
      const errors = {};
      validate_person(b, errors, false);
      if (Object.keys(errors).length) return send(res, 422, problem(422, 'Some fields are invalid.', errors));
      const p = { id: part_id++, token: token(), name: b.name, email: b.email || '', organisation: b.organisation, sector: b.sector, role: b.role, language: b.language, cycle: cycle.label };
      participants.push(p);
      const r = { id: reg_id++, session_id: s.id, participant_id: p.id, status: 'confirmed', attendance: 'present', walk_in: true };
      registrations.push(r);
      return send(res, 201, { registration_id: r.id, status: 'confirmed', attendance: 'present' });
    }
    if (x[2] === 'themes' && method === 'GET') return send(res, 200, { themes: session_themes.get(s.id) || [] });
    if (x[2] === 'themes' && method === 'PUT') {
      const b = await read_body(req);
      if (!Array.isArray(b.themes) || b.themes.some((t) => !themes.some((y) => y.id === t))) return send(res, 422, problem(422, 'Unknown theme.', { themes: 'unknown_value' }));
      session_themes.set(s.id, b.themes);
      log('session.themes', 'session', s.id);
      return send(res, 200, { themes: b.themes });
    }
    if (x[2] === 'notes' && method === 'GET') return send(res, 200, notes.filter((n) => n.session_id === s.id).map(({ session_id, ...n }) => n));
    if (x[2] === 'notes' && method === 'POST') {
      const b = await read_body(req);
      if (!b.text || !b.text.trim()) return send(res, 422, problem(422, 'text is required.', { text: 'required' }));
      const n = { id: notes.length + 1, session_id: s.id, text: redact(b.text, b.extra_terms).redacted, created_at: brussels_iso(new Date()) };
      notes.push(n);
      log('note.add', 'note', n.id);
      return send(res, 201, { id: n.id, text: n.text, created_at: n.created_at });
    }
  }
  if (method === 'GET' && path === '/api/v1/themes') return send(res, 200, themes);
  if (method === 'POST' && path === '/api/v1/redact') {
    const b = await read_body(req);
    if (typeof b.text !== 'string') return send(res, 422, problem(422, 'text is required.', { text: 'required' }));
    return send(res, 200, redact(b.text, b.extra_terms));
  }
  if (who.role !== 'admin') return send(res, 403, problem(403, 'This needs an admin account.'));
  if (method === 'PATCH' && (x = m(/^\/api\/v1\/sessions\/(\d+)$/))) {
    const s = sessions.find((y) => y.id === Number(x[1]));
    if (!s) return send(res, 404, problem(404, 'No such session.'));
    const b = await read_body(req);
    if (b.capacity !== undefined) {
      if (!Number.isInteger(b.capacity) || b.capacity < 1) return send(res, 422, problem(422, 'Bad capacity.', { capacity: 'must_be_integer' }));
      if (b.capacity < confirmed(s.id)) return send(res, 422, problem(422, 'Below confirmed.', { capacity: 'below_confirmed' }));
      s.capacity = b.capacity;
      promote(s.id);
    }
    if (b.place !== undefined) s.place = b.place;
    if (b.state !== undefined) s.state = b.state;
    if (b.starts_at) { const st = new Date(b.starts_at); if (Number.isNaN(st.getTime())) return send(res, 422, problem(422, 'Bad date.', { starts_at: 'invalid_date' })); s.start = st; }
    log('session.edit', 'session', s.id);
    return send(res, 200, session_json(s, true));
  }
  if (method === 'GET' && path === '/api/v1/cycles') return send(res, 200, [cycle]);
  if (method === 'PUT' && (x = m(/^\/api\/v1\/cycles\/([\w-]+)$/))) {
    const b = await read_body(req);
    Object.assign(cycle, { first_day: b.first_day, last_day: b.last_day });
    const d = new Date(`${b.last_day}T12:00:00Z`);
    cycle.deletion_date = new Date(d.getTime() + 86400000).toISOString().slice(0, 10);
    return send(res, 200, { label: cycle.label, first_day: cycle.first_day, last_day: cycle.last_day });
  }
  if (method === 'POST' && (x = m(/^\/api\/v1\/cycles\/([\w-]+)\/generate$/))) return send(res, 200, { created: 0 });
  if (method === 'PUT' && (x = m(/^\/api\/v1\/series\/([\w-]+)$/))) {
    const s = series.find((y) => y.slug === x[1]);
    const b = await read_body(req);
    if (b.capacity) s.capacity = b.capacity;
    if (b.place) s.place = b.place;
    return send(res, 200, s);
  }
  if (method === 'GET' && path === '/api/v1/staff-accounts') return send(res, 200, staff.map(({ password, ...s }) => s));
  if (method === 'POST' && path === '/api/v1/staff-accounts') {
    const b = await read_body(req);
    if (staff.some((y) => y.email === b.email)) return send(res, 409, problem(409, 'Exists.'));
    if (!b.password || b.password.length < 12) return send(res, 422, problem(422, 'Too weak.', { password: 'too_common' }));
    const s = { id: staff.length + 1, email: b.email, name: b.name || '', role: b.role, active: true, password: b.password, must_change: true };
    staff.push(s);
    log('staff.add', 'staff', s.id);
    return send(res, 201, { id: s.id, email: s.email, role: s.role });
  }
  if (method === 'PATCH' && (x = m(/^\/api\/v1\/staff-accounts\/(\d+)$/))) {
    const s = staff.find((y) => y.id === Number(x[1]));
    const b = await read_body(req);
    if (b.active !== undefined) s.active = b.active;
    if (b.password) s.password = b.password;
    return send(res, 200, { id: s.id });
  }
  if (method === 'POST' && path === '/api/v1/themes') {
    const b = await read_body(req);
    themes.push({ id: b.id, label: b.label, retired: false });
    return send(res, 201, themes[themes.length - 1]);
  }
  if (method === 'PATCH' && (x = m(/^\/api\/v1\/themes\/([\w-]+)$/))) {
    const th = themes.find((y) => y.id === x[1]);
    const b = await read_body(req);
    if (b.retired !== undefined) th.retired = b.retired;
    return send(res, 200, th);
  }
  if (method === 'GET' && path === '/api/v1/privacy') return send(res, 200, [{ cycle: cycle.label, deletion_date: cycle.deletion_date, purged_at: cycle.purged_at || null, records: records() }]);
  if (method === 'POST' && path === '/api/v1/purge') {
    const b = await read_body(req);
    if (cycle.deletion_date > new Date().toISOString().slice(0, 10)) return send(res, 409, problem(409, `The cycle ${b.cycle} is not over.`));
    const removed = records();
    if (!b.dry_run) { participants.length = 0; cycle.purged_at = brussels_iso(new Date()); }
    log(b.dry_run ? 'purge.preview' : 'purge', 'cycle', b.cycle);
    return send(res, 200, { cycle: b.cycle, dry_run: !!b.dry_run, removed });
  }
  if (method === 'POST' && path === '/api/v1/erasure') return send(res, 200, { removed: { participants: 0, registrations: 0, mails: 0 } });
  if (method === 'GET' && (x = m(/^\/api\/v1\/reports\/([\w-]+?)(\.csv)?$/))) {
    const small = (n) => (n < 3 ? '<3' : n);
    const rows = sessions.map((s) => {
      const rs = registrations.filter((r) => r.session_id === s.id);
      return { id: s.id, series: s.series, starts_at: brussels_iso(s.start), state: s.state, registered: rs.filter((r) => r.status === 'confirmed').length, waitlisted: rs.filter((r) => r.status === 'waitlisted').length, present: rs.filter((r) => r.attendance === 'present').length, absent: 0, excused: 0 };
    });
    const by_sector = sectors.slice(0, 4).map((s, i) => ({ sector: s.id, registered: small(i * 2 + 1), present: small(i) }));
    const report = { cycle: x[1], sessions: rows, by_sector, by_role: [{ role: 'peer_helper', registered: 5, present: small(2) }], themes: themes.map((t, i) => ({ id: t.id, label: t.label, sessions: i + 1 })), notes: notes.length };
    if (x[2]) return send(res, 200, `session,registered,present\r\n${rows.map((r) => `${r.id},${r.registered},${r.present}`).join('\r\n')}\r\n`, { 'Content-Type': 'text/csv; charset=utf-8' });
    return send(res, 200, report);
  }
  if (method === 'GET' && path === '/api/v1/audit') return send(res, 200, audit.slice(0, Number(query.get('limit') || 50)));
  return send(res, 404, problem(404, 'Not found.'));
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  const path = url.pathname;
  try {
    if (path.startsWith('/api/')) return await api(req, res, path, url.searchParams);
    if (path.startsWith('/calendar/')) return send(res, 200, 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//mock//EN\r\nEND:VCALENDAR\r\n', { 'Content-Type': 'text/calendar; charset=utf-8' });
    let file = path === '/' ? '/index.html' : ['/privacy', '/manage', '/staff', '/admin'].includes(path) ? `${path}.html` : path;
    file = normalize(file);
    const full = join(web, file);
    if (!full.startsWith(web) || !existsSync(full) || !statSync(full).isFile()) return send(res, 404, problem(404, 'Not found.'));
    if (file.startsWith('/partials/')) return send(res, 404, problem(404, 'Not found.'));
    let body = readFileSync(full);
    // The same include lines the server expands when it loads web/ (static_files.h).
    if (extname(full) === '.html') {
      body = body.toString('utf8').replace(/^[ \t]*<!--#include "([^"/\\]+)" -->[ \t]*\r?\n/gm, (line, name) => {
        const part = join(web, 'partials', name);
        return existsSync(part) ? readFileSync(part, 'utf8') : line;
      });
    }
    return send(res, 200, body, { 'Content-Type': types[extname(full)] || 'application/octet-stream', 'Cache-Control': 'no-cache' });
  } catch (e) {
    return send(res, 500, problem(500, 'Internal error.'));
  }
});

server.listen(port, '127.0.0.1', () => {
  const actual = server.address().port;
  console.log(`First admin created: sign in at http://127.0.0.1:${actual}/staff as ${staff[0].email} with the one-time password ${staff[0].password} (shown only now).`);
  console.log(`intervision serving on http://127.0.0.1:${actual}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.on('SIGINT', () => server.close(() => process.exit(0)));
