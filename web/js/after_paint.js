// Loads the page's own script once the page has painted: the server already rendered it in the
// reader's language, so the first paint needs only the HTML and the stylesheet, not the scripts
// (Lighthouse's slow 4G: first contentful paint under 1 s). The script then enhances what is on
// screen in place. <html data-script="NAME"> names it; a browser that reports no paint (a
// background tab) gets it after 200 ms.
const scripts = {
  public: () => import('./public.js'),
  manage: () => import('./manage.js'),
};

const load = scripts[document.documentElement.dataset.script];
let started = false;
const start = () => {
  if (started || !load) return;
  started = true;
  load();
};
try {
  new PerformanceObserver((list, observer) => {
    if (!list.getEntriesByName('first-contentful-paint').length) return;
    observer.disconnect();
    setTimeout(start, 0);
  }).observe({ type: 'paint', buffered: true });
} catch {
  // no paint timing: the timer below
}
setTimeout(start, 200);
