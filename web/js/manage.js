// Where the personal link lands: /manage#token=TOKEN. The token is taken from the fragment,
// removed from the address bar (and so from history and bookmarks), kept for this tab only,
// and sent as a Bearer token. Shows my data and registrations; cancel, download, erase.

import { init_page } from './layout.js';
import { t, pick, on_language_change, format_date, format_time, format_day, format_short_date_time } from './i18n.js';
import { api, ApiError, error_message, show_notice, hide_notice } from './api.js';
import { h, clear, $, focus_on, download } from './dom.js';

const token_key = 'intervision.personal_token';
let token = '';
let me = null;
let confirming = null; // registration id awaiting confirmation of its cancellation

function take_token() {
  const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (m) {
    token = decodeURIComponent(m[1]);
    history.replaceState(null, '', location.pathname + location.search);
    try { sessionStorage.setItem(token_key, token); } catch { /* kept in memory only */ }
  } else {
    try { token = sessionStorage.getItem(token_key) || ''; } catch { token = ''; }
  }
}

function forget_token() {
  token = '';
  try { sessionStorage.removeItem(token_key); } catch { /* nothing stored */ }
}

function invalid_link() {
  forget_token();
  $('#manage-content').hidden = true;
  show_notice($('#manage-error'), 'error', t('manage.invalid_link'), true);
}

function status_badge(r) {
  if (r.status === 'confirmed') return h('span', { class: 'badge ok' }, t('status.confirmed'));
  if (r.status === 'waitlisted') return h('span', { class: 'badge warn' }, t('status.waitlisted_n', { n: r.waitlist_position }));
  return h('span', { class: 'badge muted' }, t('status.cancelled'));
}

function render() {
  if (!me) return;
  $('#manage-content').hidden = false;
  const list = clear($('#regs-list'));
  const regs = me.registrations.filter((r) => r.status !== 'cancelled');
  $('#regs-none').hidden = regs.length > 0;
  for (const r of me.registrations) {
    const s = r.session || {};
    const title = s.title ? pick(s.title) : s.series;
    const place = s.place === 'online' ? t('session.online') : s.place;
    const active = r.status === 'confirmed' || r.status === 'waitlisted';
    const upcoming = s.state === 'scheduled';
    const place_el = /^https?:\/\//.test(place || '') ? h('a', { href: place, rel: 'noopener' }, place) : place;
    const item = h('li', { class: `session-card${r.status === 'cancelled' ? ' is-cancelled' : ''}` },
      h('div', {},
        h('div', { class: 'when' }, title),
        h('div', {}, h('time', { datetime: s.starts_at }, format_date(s.starts_at)), `, ${format_time(s.starts_at)}–${format_time(s.ends_at)}`),
        h('div', { class: 'where' }, place_el),
        status_badge(r),
        s.state === 'cancelled' ? [' ', h('span', { class: 'badge danger' }, t('session.state.cancelled'))] : null,
        r.attendance ? [' ', h('span', { class: 'badge muted' }, t(`attendance.${r.attendance}`))] : null));
    if (active && upcoming) {
      if (confirming === r.id) {
        const q_id = `cancel-q-${r.id}`;
        item.append(h('div', { class: 'actions' },
          h('span', { id: q_id }, r.status === 'waitlisted' ? t('manage.leave.question') : t('manage.cancel.question')),
          h('button', { type: 'button', class: 'button danger small', 'aria-describedby': q_id, onclick: () => cancel(r) },
            r.status === 'waitlisted' ? t('manage.leave.yes') : t('manage.cancel.yes')),
          h('button', { type: 'button', class: 'button secondary small', onclick: () => { confirming = null; render(); focus_on($(`#cancel-${r.id}`)); } },
            t('manage.cancel.no'))));
      } else {
        item.append(h('button', {
          type: 'button', class: 'button secondary small', id: `cancel-${r.id}`,
          'aria-label': `${r.status === 'waitlisted' ? t('manage.leave') : t('manage.cancel')}: ${title}, ${format_date(s.starts_at)}`,
          onclick: () => { confirming = r.id; render(); $(`#cancel-q-${r.id}`)?.nextElementSibling?.focus(); },
        }, r.status === 'waitlisted' ? t('manage.leave') : t('manage.cancel')));
      }
    }
    list.append(item);
  }
  const p = me.participant;
  const facts = clear($('#data-facts'));
  const fact = (k, v) => facts.append(h('dt', {}, t(k)), h('dd', {}, v || '—'));
  fact('field.name', p.name);
  fact('field.email', p.email);
  fact('field.phone', p.phone);
  fact('field.organisation', p.organisation);
  fact('field.sector', p.sector_label || p.sector);
  fact('field.role', p.role ? t(`role.${p.role}`) : '');
  fact('field.language', p.language ? t(`lang.${p.language}.name`) : '');
  fact('manage.data.consent', p.consent_at ? `${format_short_date_time(p.consent_at)} (${t('privacy.version', { version: p.privacy_version })})` : '');
  fact('manage.data.deletion', p.deletion_date ? format_day(p.deletion_date) : '');
}

async function load() {
  try {
    me = await api('GET', '/api/v1/me', { token });
    try {
      const sectors = await api('GET', '/api/v1/sectors');
      const s = sectors.find((x) => x.id === me.participant.sector);
      if (s) me.participant.sector_label_obj = s.label;
    } catch { /* the sector id is shown instead */ }
    relabel();
    hide_notice($('#manage-error'));
    render();
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) invalid_link();
    else show_notice($('#manage-error'), 'error', error_message(e), true);
  }
}

function relabel() {
  if (me && me.participant.sector_label_obj) me.participant.sector_label = pick(me.participant.sector_label_obj);
}

async function cancel(r) {
  try {
    await api('DELETE', `/api/v1/me/registrations/${r.id}`, { token });
    confirming = null;
    await load();
    show_notice($('#regs-notice'), 'success', r.status === 'waitlisted' ? t('manage.left') : t('manage.cancelled'));
    focus_on($('#regs-heading'));
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return invalid_link();
    show_notice($('#regs-notice'), 'error', error_message(e, 'cancel'), true);
  }
}

// The attestation is a PDF (not JSON): fetched with the Bearer token, saved from a blob.
async function download_attestation() {
  const notice = $('#attestation-notice');
  hide_notice(notice);
  let res;
  try {
    res = await fetch('/api/v1/me/attestation', { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
  } catch {
    return show_notice(notice, 'error', t('manage.attestation.failed'), true);
  }
  if (res.status === 401) return invalid_link();
  if (res.status === 409) return show_notice(notice, 'info', t('manage.attestation.none'), true);
  if (!res.ok) return show_notice(notice, 'error', t('manage.attestation.failed'), true);
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') || '');
  download(name ? name[1] : 'attestation.pdf', await res.blob(), 'application/pdf');
}

async function main() {
  await init_page();
  document.documentElement.dataset.ready = 'yes';  // what follows waits for the personal link's answer
  take_token();
  if (!token) {
    show_notice($('#manage-error'), 'error', t('manage.no_token'), true);
  } else {
    $('#manage-status').textContent = t('common.loading');
    await load();
    $('#manage-status').textContent = '';
  }
  $('#download').addEventListener('click', async () => {
    try {
      const data = await api('GET', '/api/v1/me', { token });
      download('my-intervision-data.json', JSON.stringify(data, null, 2));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return invalid_link();
      show_notice($('#manage-error'), 'error', error_message(e), true);
    }
  });
  $('#attestation').addEventListener('click', download_attestation);
  const start = $('#erase-start');
  start.addEventListener('click', () => {
    $('#erase-confirm').hidden = false;
    start.setAttribute('aria-expanded', 'true');
    $('#erase-no').focus();
  });
  $('#erase-no').addEventListener('click', () => {
    $('#erase-confirm').hidden = true;
    start.setAttribute('aria-expanded', 'false');
    start.focus();
  });
  $('#erase-yes').addEventListener('click', async () => {
    try {
      await api('DELETE', '/api/v1/me', { token });
      forget_token();
      me = null;
      $('#manage-content').hidden = true;
      $('#erased').hidden = false;
      focus_on($('#erased'));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return invalid_link();
      show_notice($('#manage-error'), 'error', error_message(e), true);
    }
  });
  // A second personal link opened in this tab changes only the fragment: take it and load.
  window.addEventListener('hashchange', async () => {
    if (!/(?:^#|&)token=/.test(location.hash)) return;
    take_token();
    $('#erased').hidden = true;
    $('#manage-status').textContent = t('common.loading');
    await load();
    $('#manage-status').textContent = '';
    focus_on($('#manage-content').hidden ? $('#manage-error') : $('#manage-content'));
  });
  on_language_change(() => {
    relabel();
    render();
    if (!$('#manage-error').hidden && !token) show_notice($('#manage-error'), 'error', t('manage.no_token'));
  });
}

main();
