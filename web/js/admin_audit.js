// /admin, audit trail: every staff action and purge, said in the reader's language with what it
// was about (which session, which series, which account, how many), never a raw code unless the
// action is one this page does not know yet.

import { t, tn, has, pick, format_date, format_time, format_day, format_short_date_time } from './i18n.js';
import { h, $ } from './dom.js';
import { shared, on_change, load_into, table } from './admin_common.js';

const page_size = 50;
let entries = [];

async function load(more) {
  const before = more && entries.length ? `&before=${entries[entries.length - 1].id}` : '';
  const rows = await load_into($('#audit-notice'), `/api/v1/audit?limit=${page_size}${before}`, null);
  if (rows) {
    entries = more ? [...entries, ...rows] : rows;
    $('#audit-more').hidden = rows.length < page_size;
  }
  render();
}

const numbers = (s) => (String(s || '').replace(/\d{4}-\d{2}-\d{2}/g, '').match(/\d+/g) || []).map(Number);
const days = (s) => String(s || '').match(/\d{4}-\d{2}-\d{2}/g) || [];

// The thing an entry is about, in words.
function object_text(a) {
  const s = a.session;
  if (s && s.starts_at) {
    const series = shared.series.find((x) => x.slug === s.series);
    const title = s.title ? pick(s.title) : series ? pick(series.title) : s.series;
    return t('admin.audit.session', { title, when: `${format_date(s.starts_at)} ${format_time(s.starts_at)}` });
  }
  switch (a.object_type) {
    case 'session': return t('admin.audit.session_id', { id: a.object_id });
    case 'registration': return t('admin.audit.registration_gone');
    case 'series': {
      const x = shared.series.find((y) => y.slug === a.object_id);
      return x ? pick(x.title) : a.object_id;
    }
    case 'staff': {
      const x = shared.accounts.find((y) => String(y.id) === String(a.object_id));
      return x ? x.email : (a.object_id ? t('admin.audit.account_id', { id: a.object_id }) : '');
    }
    case 'cycle': return t('admin.audit.cycle', { cycle: a.object_id });
    case 'theme': return t('admin.audit.theme', { id: a.object_id });
    case 'note': return t('admin.audit.note', { id: a.object_id });
    case 'address': return t('admin.audit.address');
    default: return '';
  }
}

// What the detail column says, per action; counts in the reader's language.
const details = {
  'roll.mark': (a) => (has(`attendance.${a.detail}`) ? t(`attendance.${a.detail}`) : ''),
  'cycle.generate': (a) => tn('admin.audit.sessions_created', numbers(a.detail)[0] ?? 0),
  'series.generate': (a) => tn('admin.audit.sessions_created', numbers(a.detail)[0] ?? 0),
  'session.themes': (a) => tn('admin.audit.themes_logged', numbers(a.detail)[0] ?? 0),
  'registrations.cancel_all': (a) => tn('admin.audit.registrations_cancelled', numbers(a.detail)[0] ?? 0),
  'registrations.cancel_range': (a) => tn('admin.audit.registrations_cancelled', numbers(a.detail)[0] ?? 0),
  'ledger.replay': (a) => tn('admin.audit.erased_again', numbers(a.detail)[0] ?? 0),
  'participant.erase': (a) => { const [p, r] = numbers(a.detail); return t('admin.audit.erased_counts', { participants: p ?? 0, registrations: r ?? 0 }); },
  purge: (a) => { const [p, r, l, m] = numbers(a.detail); return t('admin.audit.purged_counts', { participants: p ?? 0, registrations: r ?? 0, links: l ?? 0, mails: m ?? 0 }); },
  'cycle.save': (a) => { const [f, l, d] = days(a.detail); return f ? t('admin.audit.cycle_days', { first: format_day(f), last: format_day(l), deletion: format_day(d) }) : ''; },
  'cycle.save_confirmed_purge': (a) => { const [f, l, d] = days(a.detail); return f ? t('admin.audit.cycle_days', { first: format_day(f), last: format_day(l), deletion: format_day(d) }) : ''; },
  'staff.add': (a) => (has(`staffrole.${a.detail}`) ? t(`staffrole.${a.detail}`) : ''),
  'session.held': (a) => (a.detail ? t('admin.audit.held_by_roll') : ''),
  'session.cancel': (a) => (a.detail ? tn('admin.audit.people_told', numbers(a.detail)[0] ?? 0) : ''),
  'session.edit': (a) => (a.detail ? tn('admin.audit.people_told', numbers(a.detail)[0] ?? 0) : ''),
  'session.add': () => '',
  'auth.throttled': (a) => (a.object_type === 'address' ? t('admin.audit.throttled_address') : t('admin.audit.throttled_account')),
};

export const known_actions = ['session.edit', 'session.cancel', 'session.held', 'session.not_held', 'session.themes', 'session.add',
  'roll.mark', 'roll.walk_in', 'note.add', 'note.edit', 'note.delete', 'cycle.save', 'cycle.save_confirmed_purge', 'cycle.generate',
  'series.add', 'series.edit', 'series.generate', 'staff.add', 'staff.edit', 'staff.reset', 'staff.password', 'staff.first_admin',
  'theme.add', 'theme.edit', 'theme.retire', 'participant.erase', 'participant.erased_self', 'registrations.cancel_all', 'registrations.cancel_range',
  'ledger.replay', 'purge', 'auth.login', 'auth.throttled'];

export function action_text(a) {
  const key = `admin.audit.action.${a.action}`;
  return has(key) ? t(`admin.audit.action.${a.action}`) : a.action;
}

function detail_text(a) {
  const known = details[a.action];
  if (known) return known(a);
  return has(`admin.audit.action.${a.action}`) ? '' : (a.detail || '');
}

function render() {
  table($('#audit-table'), [t('admin.audit.at'), t('admin.audit.actor'), t('admin.audit.action'), t('admin.audit.object'), t('admin.audit.detail')],
    entries.map((a) => h('tr', {},
      h('td', {}, h('time', { datetime: a.at }, format_short_date_time(a.at))),
      h('td', {}, a.actor === 'system' ? t('admin.audit.system') : (a.actor ?? '')),
      h('td', { class: 'audit-action', 'data-action': a.action }, action_text(a)),
      h('td', {}, object_text(a)),
      h('td', {}, detail_text(a)))));
}

function init() {
  $('#audit-more').addEventListener('click', () => load(true));
  on_change('accounts', render);
  on_change('series', render);
  on_change('purged', () => load(false));
}

export default { name: 'audit', init, load: () => load(false), render };
