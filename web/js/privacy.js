// The privacy notice: static text from the language files, plus the exact deletion date of
// the current cycle's data (GET /api/v1/cycles/current).

import { init_page } from './layout.js';
import { t, format_day, on_language_change } from './i18n.js';
import { api } from './api.js';
import { $ } from './dom.js';

let cycle = null;
let announcements = null;  // the configured days (GET /api/v1/announcements/policy)

function render() {
  const p = $('#retention-date');
  if (cycle && cycle.deletion_date) {
    p.removeAttribute('data-i18n');
    p.textContent = t('privacy.retention.date', { cycle: cycle.label, date: format_day(cycle.deletion_date) });
  }
  if (announcements) {
    const a = $('#announcements-retention');
    a.removeAttribute('data-i18n');
    a.textContent = t('privacy.announcements.retention_set', { confirm: announcements.confirm_days, days: announcements.retention_days });
  }
  if (cycle && cycle.privacy_version) $('#privacy-version').textContent = t('privacy.version', { version: cycle.privacy_version });
}

async function main() {
  await init_page();
  try {
    cycle = await api('GET', '/api/v1/cycles/current');
  } catch {
    cycle = null; // the generic sentence stays
  }
  try {
    announcements = await api('GET', '/api/v1/announcements/policy');
  } catch {
    announcements = null;
  }
  render();
  on_language_change(render);
}

main();
