// What every page does first: the language (and its switch), and the current page in the nav.

import { init_i18n } from './i18n.js';

export async function init_page() {
  const page = document.querySelector('main')?.dataset.page;
  for (const a of document.querySelectorAll('.site-nav a[data-page]')) {
    if (a.dataset.page === page) a.setAttribute('aria-current', 'page');
  }
  await init_i18n();
}
