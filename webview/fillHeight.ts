// Views that use the panel's height: the tabs' views are as tall as what is left of the window below the header
// and the tab bar (`--view-height`, read by usage.css), followed as the window, the header (which wraps in a
// narrow panel) or the tab shown changes. The charts share that height (chart.js follows its box); the Table's
// steps fill what its totals leave, so the page has one scroller (the steps'), not one inside another.

/** Below this the page scrolls rather than squeeze a view further. */
const LEAST_VIEW_PX = 360;

/** `above`: what stands above the tabs and may change height (the header, which wraps; the notice line). */
export function fillHeight(views: readonly HTMLElement[], above: readonly HTMLElement[]): void {
  for (const view of views) view.classList.add('fills');
  const apply = () => {
    // Measured on the view shown only: a hidden one has no box (its top reads 0, which made the charts a header
    // taller than the window once measured while the Table was shown). With none shown there is nothing to
    // measure; the view shown next is measured then (it is observed below).
    const shown = views.find((v) => v.getBoundingClientRect().height > 0);
    if (!shown) return;
    const top = shown.getBoundingClientRect().top + window.scrollY;
    // Below the views: the body's padding and margin (usage.css's, and whatever the webview's host adds).
    const body = getComputedStyle(document.body);
    const bottom = parseFloat(body.paddingBottom) + parseFloat(body.marginBottom) || 0;
    const height = Math.max(LEAST_VIEW_PX, Math.floor(window.innerHeight - top - bottom));
    document.body.style.setProperty('--view-height', `${height}px`);
  };
  window.addEventListener('resize', apply);
  const observer = new ResizeObserver(apply);
  // A view's size changes when its tab is shown (from none), and when --view-height is set (to the same value
  // again, which changes nothing: no loop).
  for (const element of [...above, ...views]) observer.observe(element);
  apply();
}
