// /admin, staff accounts: the list, disabling and enabling, a new password, a new account.

import { t } from './i18n.js';
import { api, form_values } from './api.js';
import { h, $ } from './dom.js';
import { shared, changed, load_into, attempt, notify, refuse, table } from './admin_common.js';

async function load() {
  shared.accounts = await load_into($('#accounts-notice'), '/api/v1/staff-accounts', []);
  render();
  changed('accounts');
}

function render() {
  table($('#accounts-table'), [t('field.email'), t('field.name'), t('field.staff_role'), t('admin.accounts.state'), t('admin.actions')],
    shared.accounts.map((a) => {
      const pw_id = `reset-pw-${a.id}`;
      const active = a.active !== false;
      return h('tr', {},
        h('th', { scope: 'row' }, a.email),
        h('td', {}, a.name || a.display_name || ''),
        h('td', {}, t(`staffrole.${a.role}`)),
        h('td', {}, active ? t('admin.accounts.active') : t('admin.accounts.disabled')),
        h('td', {},
          h('div', { class: 'actions' },
            h('button', {
              type: 'button', class: `button small ${active ? 'danger' : 'secondary'}`,
              'aria-label': `${active ? t('admin.accounts.disable') : t('admin.accounts.enable')}: ${a.email}`,
              onclick: () => patch(a, { active: !active }, active ? t('admin.accounts.disabled_ok') : t('admin.accounts.enabled_ok')),
            }, active ? t('admin.accounts.disable') : t('admin.accounts.enable'))),
          h('div', { class: 'inline-form' },
            h('div', { class: 'field' },
              h('label', { for: pw_id }, t('admin.accounts.new_password')),
              h('input', { type: 'password', id: pw_id, autocomplete: 'new-password', minlength: 12 })),
            h('button', {
              type: 'button', class: 'button secondary small', 'aria-label': `${t('admin.accounts.reset')}: ${a.email}`,
              onclick: () => {
                const pw = $(`#${pw_id}`).value;
                if (!pw) { notify($('#accounts-notice'), 'error', `${t('admin.accounts.new_password')}: ${t('error.field.required')}`); return; }
                patch(a, { password: pw }, t('admin.accounts.reset_ok'));
              },
            }, t('admin.accounts.reset')))));
    }));
}

async function patch(a, body, done) {
  const notice = $('#accounts-notice');
  const r = await attempt(notice, () => api('PATCH', `/api/v1/staff-accounts/${a.id}`, { body }));
  if (!r.ok) {
    const e = r.error;
    if (e && e.status === 422 && Object.keys(e.errors || {}).length) {
      notify(notice, 'error', Object.entries(e.errors).map(([f, c]) => `${f}: ${t(`error.field.${c}`)}`).join(' · '));
    }
    return;
  }
  await load();
  notify(notice, 'success', done);
}

async function add(ev) {
  ev.preventDefault();
  const form = ev.target;
  const notice = $('#accounts-notice');
  const v = form_values(form);
  const errors = {};
  if (!v.email) errors.email = 'required';
  if (!form.elements.password.value) errors.password = 'required';
  if (Object.keys(errors).length) { refuse(form, errors, notice); return; }
  const body = { email: v.email, role: v.role, password: form.elements.password.value };
  if (v.name) body.name = v.name;
  const r = await attempt(notice, () => api('POST', '/api/v1/staff-accounts', { body }), { form, context: 'account' });
  if (!r.ok) return;
  form.reset();
  await load();
  notify(notice, 'success', t('admin.accounts.added'));
}

function init() {
  $('#account-form').addEventListener('submit', add);
}

export default { name: 'accounts', init, load, render };
