// Charts that use the panel's height: the chart tabs' views are as tall as what is left of the window below
// the header and the tab bar (`--view-height`, read by usage.css), followed as the window or the header
// (which wraps in a narrow panel) changes size. Their charts share that height (chart.js follows its box).

/** Below this the page scrolls rather than squeeze a chart further. */
const LEAST_VIEW_PX = 360;

/** `above`: what stands above the tabs and may change height (the header, which wraps; the notice line). */
export function fillHeight(views: readonly HTMLElement[], above: readonly HTMLElement[]): void {
  for (const view of views) view.classList.add('charts');
  const apply = () => {
    // The views all start below the tab bar; the shown one has a box to measure.
    const shown = views.find((v) => v.getBoundingClientRect().height > 0) ?? views[0];
    const top = shown.getBoundingClientRect().top + window.scrollY;
    // Below the views: the body's padding and margin (usage.css's, and whatever the webview's host adds).
    const body = getComputedStyle(document.body);
    const bottom = parseFloat(body.paddingBottom) + parseFloat(body.marginBottom) || 0;
    const height = Math.max(LEAST_VIEW_PX, Math.floor(window.innerHeight - top - bottom));
    document.body.style.setProperty('--view-height', `${height}px`);
  };
  window.addEventListener('resize', apply);
  const observer = new ResizeObserver(apply);
  for (const element of above) observer.observe(element);
  apply();
}
