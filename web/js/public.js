// The public page: upcoming sessions by series (list and month view), a session's detail and
// the registration form. Deep link: /#session-ID opens a session.

import { init_page } from './layout.js';
import {
  t, tn, pick, lang, list_format, on_language_change, format_date, format_time, format_date_time, format_day, brussels_day,
  month_name, weekday_names,
} from './i18n.js';
import { api, ApiError, error_message, show_errors, clear_errors, show_notice, hide_notice, form_values } from './api.js';
import { h, clear, $, focus_on } from './dom.js';
import { init_announcements, request_announcements } from './announcements.js';

const state = {
  series: [],
  sectors: [],
  sessions: [],
  filter: '',
  view: 'list',
  month: null, // {year, month}
  selected: null,
  result: null,
  form_errors: null, // {field: code} shown now, re-rendered on a language switch
  form_problem: null, // the ApiError shown above the form, likewise
  language_chosen: false, // the person picked the mail language: a page switch no longer changes it
};

function series_title(slug) {
  const s = state.series.find((x) => x.slug === slug);
  return s ? pick(s.title) : slug;
}

function session_title(s) { return s.title ? pick(s.title) : series_title(s.series); }

function place_text(s) { return s.online || s.place === 'online' ? t('session.online') : s.place; }

function availability(s) {
  if (s.state === 'cancelled') return { text: t('session.state.cancelled'), kind: 'danger' };
  if (s.state === 'held') return { text: t('session.state.held'), kind: 'muted' };
  if (!s.registration_open) return { text: t('session.closed'), kind: 'muted' };
  if (s.seats_left > 0) return { text: tn('session.seats_left', s.seats_left), kind: 'ok' };
  return { text: t('session.full_waitlist'), kind: 'warn' };
}

function visible_sessions() {
  return state.sessions.filter((s) => !state.filter || s.series === state.filter);
}

function render_series_filter() {
  const sel = $('#series-filter');
  const keep = sel.value;
  for (const o of [...sel.options].slice(1)) o.remove();
  for (const s of state.series) sel.append(h('option', { value: s.slug }, pick(s.title)));
  sel.value = keep;
  // Feeds in the reader's language: titles and links back to the pages follow ?lang=.
  const links = $('#calendar-links');
  for (const li of [...links.children].slice(1)) li.remove();
  links.querySelector('a').setAttribute('href', `/calendar/all.ics?lang=${lang()}`);
  for (const s of state.series) {
    links.append(h('li', {}, h('a', { href: `/calendar/${encodeURIComponent(s.slug)}.ics?lang=${lang()}` }, pick(s.title))));
  }
}

function render_list() {
  const root = clear($('#list-view'));
  const sessions = visible_sessions();
  $('#sessions-status').textContent = sessions.length ? tn('index.sessions.count', sessions.length) : t('index.sessions.none');
  const slugs = state.series.map((s) => s.slug).filter((slug) => sessions.some((x) => x.series === slug));
  for (const slug of sessions.map((x) => x.series)) if (!slugs.includes(slug)) slugs.push(slug);
  for (const slug of slugs) {
    const id = `series-${slug}`;
    const items = sessions.filter((x) => x.series === slug);
    root.append(h('h3', { id }, series_title(slug)));
    root.append(h('ul', { class: 'session-list', 'aria-labelledby': id }, items.map(session_card)));
  }
}

function session_card(s) {
  const a = availability(s);
  const cls = ['session-card'];
  if (s.state === 'cancelled') cls.push('is-cancelled');
  else if (s.seats_left === 0) cls.push('is-full');
  return h('li', { class: cls.join(' ') },
    h('div', {},
      h('div', { class: 'when' }, h('time', { datetime: s.starts_at }, format_date(s.starts_at)), ', ',
        `${format_time(s.starts_at)}–${format_time(s.ends_at)}`),
      h('div', { class: 'where' }, place_text(s)),
      h('span', { class: `badge ${a.kind}` }, a.text)),
    h('a', {
      class: 'button small', href: `#session-${s.id}`,
      'aria-label': t('session.open_label', { title: session_title(s), date: format_date(s.starts_at) }),
    }, s.registration_open ? t('session.open_register') : t('session.open_details')));
}

function render_month() {
  if (!state.month) {
    const first = visible_sessions()[0];
    const ymd = first ? brussels_day(first.starts_at) : brussels_day(new Date().toISOString());
    state.month = { year: Number(ymd.slice(0, 4)), month: Number(ymd.slice(5, 7)) };
  }
  const { year, month } = state.month;
  $('#month-title').textContent = month_name(year, month);
  const table = clear($('#month-table'));
  const names = weekday_names('short');
  const long_names = weekday_names('long');
  table.append(h('thead', {}, h('tr', {}, names.map((n, i) => h('th', { scope: 'col', abbr: long_names[i] }, n)))));
  const by_day = new Map();
  for (const s of visible_sessions()) {
    const d = brussels_day(s.starts_at);
    if (!by_day.has(d)) by_day.set(d, []);
    by_day.get(d).push(s);
  }
  const first = new Date(Date.UTC(year, month - 1, 1));
  const offset = (first.getUTCDay() + 6) % 7; // Monday first
  const start = new Date(Date.UTC(year, month - 1, 1 - offset));
  const today = brussels_day(new Date().toISOString());
  const body = h('tbody');
  for (let week = 0; week < 6; week++) {
    const row = h('tr');
    for (let d = 0; d < 7; d++) {
      const day = new Date(start.getTime() + (week * 7 + d) * 86400000);
      const ymd = day.toISOString().slice(0, 10);
      const cls = [];
      if (day.getUTCMonth() !== month - 1) cls.push('other-month');
      if (ymd === today) cls.push('today');
      const items = by_day.get(ymd) || [];
      row.append(h('td', { class: cls.join(' ') || undefined },
        h('span', { class: 'day-number' }, String(day.getUTCDate())),
        items.map((s) => h('a', {
          href: `#session-${s.id}`,
          'aria-label': `${session_title(s)}, ${format_date_time(s.starts_at)}, ${availability(s).text}`,
        }, h('span', { class: 'time' }, format_time(s.starts_at)), ' ', h('span', { class: 'title' }, session_title(s))))));
    }
    body.append(row);
    if (week >= 4 && new Date(start.getTime() + (week * 7 + 7) * 86400000).getUTCMonth() !== month - 1) break;
  }
  table.append(body);
  const n = [...by_day.keys()].filter((k) => k.startsWith(`${year}-${String(month).padStart(2, '0')}`)).length;
  $('#sessions-status').textContent = n ? tn('index.month.count', n) : t('index.month.none');
}

function render_sessions() {
  $('#list-view').hidden = state.view !== 'list';
  $('#month-view').hidden = state.view !== 'month';
  $('#view-list').setAttribute('aria-pressed', String(state.view === 'list'));
  $('#view-month').setAttribute('aria-pressed', String(state.view === 'month'));
  if (state.view === 'list') render_list(); else render_month();
}

function audience_of(s) { return (s && s.audience) || { roles: ['peer_helper', 'coordinator'], sectors: ['*'] }; }

function sector_fits(audience, id) { return audience.sectors.includes('*') || audience.sectors.includes(id); }

// "peer helpers working in: ZTG care pathway", in the reader's language.
function audience_text(s) {
  const a = audience_of(s);
  const roles = list_format(a.roles.map((r) => t(`audience.role.${r}`)));
  const sectors = a.sectors.includes('*') ? t('audience.any_sector')
    : t('audience.sectors', { sectors: list_format(a.sectors.map((id) => pick(state.sectors.find((x) => x.id === id)?.label) || id)) });
  return t('audience.value', { roles, sectors });
}

// The form offers only the sectors and roles of the selected session's series.
function fill_sectors() {
  const sel = $('#reg-sector');
  const keep = sel.value;
  const a = audience_of(state.selected);
  for (const o of [...sel.options].slice(1)) o.remove();
  for (const s of state.sectors) if (sector_fits(a, s.id)) sel.append(h('option', { value: s.id }, pick(s.label)));
  sel.value = [...sel.options].some((o) => o.value === keep) ? keep : '';
  if (a.sectors.length === 1 && a.sectors[0] !== '*') sel.value = a.sectors[0];
  const radios = [...document.querySelectorAll('#reg-role-group input[name="role"]')];
  for (const r of radios) {
    const fits = a.roles.includes(r.value);
    r.disabled = !fits;
    r.closest('.choice').hidden = !fits;
    if (!fits) r.checked = false;
  }
  if (!radios.some((r) => r.checked)) { const first = radios.find((r) => !r.disabled); if (first) first.checked = true; }
  const s = state.selected;
  $('#register-audience').textContent = s ? t('register.audience_note', { who: audience_text(s) }) : '';
}

// Errors and the problem above the form, in the current language (again after a switch).
function render_form_errors(focus) {
  const form = $('#register-form');
  if (!state.form_errors) clear_errors(form);
  const first = state.form_errors ? show_errors(form, state.form_errors, $('#register-error')) : null;
  if (state.form_problem) show_notice($('#register-error'), 'error', error_message(state.form_problem, 'register'));
  else if (!state.form_errors) hide_notice($('#register-error'));
  if (focus) first?.focus();
}

function render_detail() {
  const s = state.selected;
  const section = $('#detail');
  if (!s) { section.hidden = true; return; }
  section.hidden = false;
  $('#detail-heading').textContent = session_title(s);
  const facts = clear($('#detail-facts'));
  const fact = (k, v) => facts.append(h('dt', {}, t(k)), h('dd', {}, v));
  fact('session.when', `${format_date(s.starts_at)}, ${format_time(s.starts_at)}–${format_time(s.ends_at)}`);
  fact('session.where', place_text(s));
  const who = audience_text(s);
  fact('session.audience', who.charAt(0).toUpperCase() + who.slice(1));
  if (s.state === 'scheduled') {
    fact('session.seats', s.seats_left > 0 ? tn('session.seats_left', s.seats_left) : t('session.no_seats'));
    fact('session.waitlist', s.waitlist ? tn('session.waitlist_n', s.waitlist) : t('session.waitlist_none'));
  }
  if (s.registration_closes_at && s.state === 'scheduled') fact('session.closes', format_date_time(s.registration_closes_at));
  const st = $('#detail-state');
  const a = availability(s);
  let text = a.text;
  if (s.registration_open && s.seats_left === 0) text = t('session.full_explain');
  else if (s.registration_open) text = t('session.open_explain');
  st.textContent = text;
  st.className = `notice ${a.kind === 'ok' ? 'info' : a.kind === 'warn' ? 'warn' : a.kind === 'danger' ? 'error' : 'info'}`;
  const open = s.registration_open && !state.result;
  $('#register-area').hidden = !open;
  $('#register-submit').textContent = s.seats_left > 0 ? t('register.submit') : t('register.submit_waitlist');
  fill_sectors();
  render_result();
}

function render_result() {
  const box = $('#register-result');
  const r = state.result;
  if (!r) { box.hidden = true; return; }
  box.hidden = false;
  box.className = `notice ${r.status === 'confirmed' ? 'success' : 'warn'}`;
  $('#result-heading').textContent = r.status === 'confirmed' ? t('register.result.confirmed') : t('register.result.waitlisted');
  $('#result-position').textContent = r.status === 'waitlisted' ? t('register.result.position', { n: r.waitlist_position }) : '';
  const list = clear($('#result-list'));
  if (r.registrations && r.registrations.length > 1) {
    for (const item of r.registrations) {
      const s = state.sessions.find((x) => x.id === item.session_id);
      const when = s ? format_date(s.starts_at) : `#${item.session_id}`;
      const what = item.status === 'confirmed' ? t('status.confirmed')
        : t('register.result.position_short', { n: item.waitlist_position });
      list.append(h('li', {}, `${when}: ${what}`));
    }
  }
  $('#result-deletion').textContent = r.deletion_date ? t('register.result.deletion', { date: format_day(r.deletion_date) }) : '';
  $('#result-announce').textContent = r.announce ? t('register.announce.sent') : '';
}

async function open_session(id) {
  const local = state.sessions.find((s) => s.id === id);
  try {
    state.selected = await api('GET', `/api/v1/sessions/${id}`);
  } catch (e) {
    if (!local) { show_notice($('#load-error'), 'error', error_message(e, 'session'), true); return; }
    state.selected = local;
  }
  state.result = null;
  state.form_errors = null;
  state.form_problem = null;
  render_form_errors(false);
  render_detail();
  focus_on($('#detail-heading'));
}

async function submit(ev) {
  ev.preventDefault();
  const form = ev.target;
  const s = state.selected;
  const v = form_values(form);
  const errors = {};
  for (const f of ['name', 'email', 'organisation', 'sector']) if (!v[f]) errors[f] = 'required';
  if (v.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.email)) errors.email = 'invalid_email';
  if (!v.consent) errors.consent = 'consent_required';
  state.form_problem = null;
  state.form_errors = Object.keys(errors).length ? errors : null;
  render_form_errors(true);
  if (state.form_errors) return;
  const body = {
    name: v.name, email: v.email, organisation: v.organisation, sector: v.sector, role: v.role,
    language: v.language, consent: true, all_remaining: v.scope === 'all',
  };
  if (v.phone) body.phone = v.phone;
  const button = $('#register-submit');
  button.disabled = true;
  try {
    state.result = await api('POST', `/api/v1/sessions/${s.id}/registrations`, { body });
    // The announcements are a consent of their own: asked for apart, after the registration.
    state.result.announce = v.announce ? await request_announcements(v.email, v.language) : false;
    form.reset();
    state.language_chosen = false;
    $('#reg-language').value = lang();
    await refresh_sessions();
    state.selected = state.sessions.find((x) => x.id === s.id) || s;
    render_detail();
    focus_on($('#register-result'));
  } catch (e) {
    const named = e instanceof ApiError && (e.status === 422 || e.status === 403) && Object.keys(e.errors).length;
    state.form_errors = named ? e.errors : null;
    // A 403 names its field (role or sector) and also says why above the form.
    state.form_problem = named && e.status !== 403 ? null : e;
    render_form_errors(Boolean(named));
    if (!named) focus_on($('#register-error'));
  } finally {
    button.disabled = false;
  }
}

async function refresh_sessions() {
  state.sessions = await api('GET', '/api/v1/sessions');
  state.sessions.sort((a, b) => a.starts_at.localeCompare(b.starts_at));
  render_sessions();
}

function route() {
  const m = /^#session-(\d+)$/.exec(location.hash);
  if (m) open_session(Number(m[1]));
}

async function main() {
  await init_page();
  $('#reg-language').value = lang();
  try {
    const [series, sectors] = await Promise.all([api('GET', '/api/v1/series'), api('GET', '/api/v1/sectors')]);
    state.series = series;
    state.sectors = sectors;
    render_series_filter();
    fill_sectors();
    await refresh_sessions();
  } catch (e) {
    show_notice($('#load-error'), 'error', `${t('index.load_error')} ${error_message(e)}`);
  }
  $('#series-filter').addEventListener('change', (e) => { state.filter = e.target.value; state.month = null; render_sessions(); });
  $('#view-list').addEventListener('click', () => { state.view = 'list'; render_sessions(); });
  $('#view-month').addEventListener('click', () => { state.view = 'month'; render_sessions(); });
  const step = (d) => {
    let { year, month } = state.month;
    month += d;
    if (month < 1) { month = 12; year--; }
    if (month > 12) { month = 1; year++; }
    state.month = { year, month };
    render_month();
  };
  $('#month-prev').addEventListener('click', () => step(-1));
  $('#month-next').addEventListener('click', () => step(1));
  $('#register-form').addEventListener('submit', submit);
  init_announcements();
  $('#reg-language').addEventListener('change', () => { state.language_chosen = true; });
  $('#result-again').addEventListener('click', () => {
    state.result = null;
    render_detail();
    focus_on($('#sessions-heading'));
  });
  window.addEventListener('hashchange', route);
  on_language_change((l) => {
    if (!state.language_chosen) $('#reg-language').value = l;
    render_series_filter();
    render_sessions();
    render_detail();
    render_form_errors(false);
  });
  route();
  // Every control now answers (the list was on screen before: the server rendered it).
  document.documentElement.dataset.ready = 'yes';
}

main();
