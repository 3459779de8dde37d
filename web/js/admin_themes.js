// /admin, themes: the taxonomy, retiring and restoring a theme, a new theme in three languages.

import { t, pick } from './i18n.js';
import { api, form_values } from './api.js';
import { h, $ } from './dom.js';
import { load_into, attempt, notify, refuse, table } from './admin_common.js';

let themes = [];

async function load() {
  themes = await load_into($('#atheme-notice'), '/api/v1/themes', themes);
  render();
}

function render() {
  table($('#themes-table'), [t('admin.themes.id'), t('admin.themes.label'), t('admin.accounts.state'), t('admin.actions')],
    themes.map((x) => h('tr', {},
      h('th', { scope: 'row' }, x.id),
      h('td', {}, pick(x.label)),
      h('td', {}, x.retired ? t('themes.retired') : t('admin.themes.in_use')),
      h('td', {}, h('button', {
        type: 'button', class: 'button secondary small', 'aria-label': `${x.retired ? t('admin.themes.restore') : t('admin.themes.retire')}: ${pick(x.label)}`,
        onclick: () => retire(x, !x.retired),
      }, x.retired ? t('admin.themes.restore') : t('admin.themes.retire'))))));
}

async function retire(x, retired) {
  const notice = $('#atheme-notice');
  const r = await attempt(notice, () => api('PATCH', `/api/v1/themes/${encodeURIComponent(x.id)}`, { body: { retired } }));
  if (!r.ok) return;
  await load();
  notify(notice, 'success', retired ? t('admin.themes.retired_ok') : t('admin.themes.restored_ok'));
}

async function add(ev) {
  ev.preventDefault();
  const form = ev.target;
  const notice = $('#atheme-notice');
  const v = form_values(form);
  const errors = {};
  for (const f of ['id', 'label_fr', 'label_nl', 'label_en']) if (!v[f]) errors[f] = 'required';
  if (v.id && !/^[a-z0-9_]+$/.test(v.id)) errors.id = 'invalid';
  if (Object.keys(errors).length) { refuse(form, errors, notice); return; }
  const r = await attempt(notice, () => api('POST', '/api/v1/themes', { body: { id: v.id, label: { fr: v.label_fr, nl: v.label_nl, en: v.label_en } } }), {
    form, context: 'theme', fields: { label: 'label_fr', 'label.fr': 'label_fr', 'label.nl': 'label_nl', 'label.en': 'label_en' },
  });
  if (!r.ok) return;
  form.reset();
  await load();
  notify(notice, 'success', t('admin.themes.added'));
}

function init() {
  $('#theme-form').addEventListener('submit', add);
}

export default { name: 'themes', init, load, render };
