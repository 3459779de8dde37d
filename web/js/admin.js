// The admins' page. Each section of admin.html is one module (admin_<name>.js) exporting
// { name, init, load, render }; this file signs the admin in, starts every section, reloads them
// all when someone signs in and draws them again when the language changes. Sections load on
// their own, so one failing endpoint does not hide the others. What they share (data, the change
// bus, the load/notify helper, tables as cards) is in admin_common.js.
//
// Adding a section: a <section class="panel" data-admin-section="NAME"> in admin.html (and its
// link in the section nav), a module web/js/admin_NAME.js with a default export as above, and one
// import and one entry in `sections` below.

import { init_page } from './layout.js';
import { on_language_change } from './i18n.js';
import { api } from './api.js';
import { $ } from './dom.js';
import { start_staff } from './staff_auth.js';
import { shared, changed, on_change } from './admin_common.js';
import cycles from './admin_cycles.js';
import series from './admin_series.js';
import sessions from './admin_sessions.js';
import accounts from './admin_accounts.js';
import themes from './admin_themes.js';
import privacy from './admin_privacy.js';
import report from './admin_report.js';
import audit from './admin_audit.js';
import { init_gdpr, load_gdpr } from './admin_gdpr.js';

// The deletion certificates and the register (admin_gdpr.js draws itself again on a language
// switch); a purge or an erasure adds a certificate.
const gdpr = {
  name: 'gdpr',
  init() { init_gdpr(); on_change('purged', load_gdpr); on_change('erased', load_gdpr); },
  load: load_gdpr,
  render() {},
};

const sections = [cycles, series, sessions, accounts, themes, privacy, gdpr, report, audit];

function load_all() {
  api('GET', '/api/v1/sectors').then((x) => { shared.sectors = x; changed('sectors'); }).catch(() => {});
  for (const s of sections) s.load();
}

async function main() {
  await init_page();
  for (const s of sections) s.init();
  on_language_change(() => { for (const s of sections) s.render(); });
  await start_staff((who) => {
    const admin = who.role === 'admin';
    shared.role = who.role;
    $('#not-admin').hidden = admin;
    $('#admin-area').hidden = !admin;
    if (admin) load_all();
  }, () => {
    $('#admin-area').hidden = true;
    $('#not-admin').hidden = true;
  });
}

main();
