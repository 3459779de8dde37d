// Checks the language files of the web pages:
//  - web/i18n/fr.json, nl.json, en.json have exactly the same keys, and no empty string;
//  - every data-i18n / data-i18n-attr key used by a page exists;
//  - every t('literal.key') in web/js exists, and so does every member of the dynamic key
//    families the scripts build at run time (`session.state.${state}` and the like);
//  - every {placeholder} of a string is the same in the three languages.
// Exit 1 and a list of problems on failure. Run: node tests/browser/i18n_check.mjs

import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const web = join(root, 'web');
const langs = ['fr', 'nl', 'en'];
const problems = [];

const files = {};
for (const l of langs) {
  try {
    files[l] = JSON.parse(readFileSync(join(web, 'i18n', `${l}.json`), 'utf8'));
  } catch (e) {
    problems.push(`web/i18n/${l}.json: ${e.message}`);
    files[l] = {};
  }
}

const all_keys = new Set(langs.flatMap((l) => Object.keys(files[l])));
for (const k of all_keys) {
  for (const l of langs) {
    if (!(k in files[l])) problems.push(`${l}.json lacks "${k}"`);
    else if (typeof files[l][k] !== 'string' || files[l][k].trim() === '') problems.push(`${l}.json: "${k}" is empty`);
  }
  const holes = langs.map((l) => JSON.stringify([...String(files[l][k] ?? '').matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()));
  if (new Set(holes).size > 1) problems.push(`"${k}": placeholders differ between languages: ${holes.join(' / ')}`);
}

const used = new Map(); // key -> where
const use = (k, where) => { if (!used.has(k)) used.set(k, where); };

// Pages and the partials the server includes into them (web/partials, see static_files.h).
const pages = [
  ...readdirSync(web).filter((x) => x.endsWith('.html')),
  ...readdirSync(join(web, 'partials')).filter((x) => x.endsWith('.html')).map((x) => join('partials', x)),
];
for (const f of pages) {
  const html = readFileSync(join(web, f), 'utf8');
  for (const m of html.matchAll(/data-i18n="([^"]+)"/g)) use(m[1], f);
  for (const m of html.matchAll(/data-i18n-attr="([^"]+)"/g)) {
    for (const pair of m[1].split(';')) use(pair.split(':')[1].trim(), f);
  }
  for (const m of html.matchAll(/<meta name="i18n-title" content="([^"]+)"/g)) use(m[1], f);
  // The CSP forbids inline script, inline style and event-handler attributes: catch them here too.
  if (/<script(?![^>]*\bsrc=)[^>]*>/i.test(html)) problems.push(`${f}: inline <script>`);
  if (/\sstyle="/i.test(html)) problems.push(`${f}: style attribute`);
  if (/\son[a-z]+="/i.test(html)) problems.push(`${f}: event-handler attribute`);
  if (/(src|href)="(https?:)?\/\//i.test(html)) problems.push(`${f}: resource from another site`);
}

const dynamic = {
  'session.state.': ['scheduled', 'cancelled', 'held', 'roll_missing'],
  'status.': ['confirmed', 'cancelled'],
  'attendance.': ['present', 'absent', 'excused', 'unmarked'],
  'role.': ['peer_helper', 'coordinator'],
  'audience.role.': ['peer_helper', 'coordinator'],
  'staffrole.': ['admin', 'facilitator'],
  'cadence.': ['monthly', 'quarterly'],
  'roll.count.': ['registered', 'waitlisted', 'cancelled', 'walk_ins', 'present', 'absent', 'excused', 'unmarked', 'erased_since'],
  'admin.records.': ['participants', 'registrations', 'personal_links', 'mails', 'announcement_addresses'],
  'admin.certificates.kind.': ['cycle_purge', 'erasure_self', 'erasure_request', 'erasure_replay', 'announcement_withdrawal', 'announcement_expiry'],
  'admin.announcements.language.': ['fr', 'nl', 'en'],
  'admin.rec.ordinal.': ['1', '2', '3', '4', 'last'],
  'admin.language.': ['fr', 'nl', 'en'],
  // The audit actions admin_audit.js says in words (known_actions there); an unknown one shows its code.
  'admin.audit.action.': ['session.edit', 'session.cancel', 'session.held', 'session.not_held', 'session.themes', 'session.add',
    'roll.mark', 'roll.walk_in', 'note.add', 'note.edit', 'note.delete', 'cycle.save', 'cycle.save_confirmed_purge', 'cycle.generate',
    'series.add', 'series.edit', 'series.generate', 'staff.add', 'staff.edit', 'staff.reset', 'staff.password', 'staff.first_admin',
    'theme.add', 'theme.edit', 'theme.retire', 'participant.erase', 'participant.erased_self', 'registrations.cancel_all', 'registrations.cancel_range',
    'ledger.replay', 'purge', 'auth.login', 'auth.throttled'],
  'redact.type.': ['name', 'email', 'phone', 'national_number', 'iban', 'address', 'birth_date', 'custom'],
  'error.http.': ['0', '400', '401', '403', '404', '409', '410', '413', '422', '429', '500', '503', 'other'],
  'error.field.': ['required', 'too_long', 'too_short', 'control_characters', 'invalid_utf8', 'invalid_email',
    'invalid_phone', 'unknown_value', 'consent_required', 'must_be_string', 'must_be_boolean', 'must_be_integer',
    'invalid_date', 'invalid', 'too_common', 'below_confirmed', 'wrong_password', 'choose', 'audience_role', 'audience_sector'],
};
const lang_names = ['lang.fr.name', 'lang.nl.name', 'lang.en.name'];
for (const [prefix, members] of Object.entries(dynamic)) for (const m of members) use(prefix + m, 'dynamic family');
for (const k of lang_names) use(k, 'dynamic family');
// Context-specific HTTP messages (error.<context>.<status>) are optional, but the ones the
// registration relies on must exist.
for (const s of ['403', '409', '410']) use(`error.register.${s}`, 'registration errors');
use('error.login.401', 'login errors');
use('error.login.429', 'login errors');

const js_dir = join(web, 'js');
for (const f of readdirSync(js_dir).filter((x) => x.endsWith('.js'))) {
  const src = readFileSync(join(js_dir, f), 'utf8');
  for (const m of src.matchAll(/\bt\(\s*'([a-z0-9_.]+)'/g)) use(m[1], `js/${f}`);
  // tn('key', n): plural forms; every language needs at least key.one and key.other.
  for (const m of src.matchAll(/\btn\(\s*'([a-z0-9_.]+)'/g)) for (const c of ['one', 'other']) use(`${m[1]}.${c}`, `js/${f}`);
  for (const m of src.matchAll(/\bfact\(\s*'([a-z0-9_.]+)'/g)) use(m[1], `js/${f}`);
  for (const m of src.matchAll(/\bt\(\s*`([a-z0-9_.]+)\$\{/g)) {
    const prefix = m[1];
    if (!Object.keys(dynamic).some((p) => p === prefix) && prefix !== 'lang.' && prefix !== 'error.') {
      problems.push(`js/${f}: dynamic key family "${prefix}\${...}" is not listed in i18n_check.mjs`);
    }
  }
}

for (const [k, where] of used) {
  for (const l of langs) if (!(k in files[l])) problems.push(`${l}.json lacks "${k}" (used by ${where})`);
}

const unused = [...all_keys].filter((k) => !used.has(k) && !k.startsWith('error.'));
if (process.argv.includes('--unused') && unused.length) console.log(`unused keys: ${unused.join(', ')}`);

if (problems.length) {
  for (const p of [...new Set(problems)]) console.error(`i18n: ${p}`);
  console.error(`i18n check failed: ${new Set(problems).size} problem(s)`);
  process.exit(1);
}
console.log(`i18n check passed: ${all_keys.size} keys in ${langs.join(', ')}; ${used.size} used by the pages`);
