// The panel's header: the session's title, its server and costs, a spinner while it is read, the export
// buttons, and the notice line under it (an error, an empty session, where an export went); and the trend
// tab's note while sessions are still being read. Text is set as textContent (the server's name is untrusted).
import { formatCost, formatExactCost } from '../src/present/format';
import { cacheEfficiency } from '../src/present/usageSummary';
import type { ExportFormat, UsageSummary } from '../src/features/usage/protocol';
import { percentOrDash } from './tableCells';
import { button, spinner } from './toolkit';

export class Header {
  readonly element = el('header');
  readonly notice = el('p', 'notice');
  private readonly title = el('h1', 'title');
  private readonly meta = el('p', 'meta');
  /** Every server's spending: a line of its own, apart from this session's figures. */
  private readonly pace = el('p', 'pace');
  private readonly loading = spinner();
  private readonly trend = new TrendProgress();

  /** `trendView`: the trend tab's view, which gets the progress line first; `retryTrend`: its Retry button. */
  constructor(trendView: HTMLElement, exportAs: (format: ExportFormat) => void, retryTrend: () => void) {
    const actions = el('div', 'actions');
    actions.append(
      button('Export CSV', () => exportAs('csv'), { id: 'export-csv' }),
      button('Export JSON', () => exportAs('json'), { secondary: true, id: 'export-json' }),
    );
    this.element.append(this.title, this.meta, this.loading, actions, this.pace);
    trendView.append(this.trend.element);
    this.trend.onRetry = retryTrend;
  }

  show(summary: UsageSummary): void {
    this.notice.textContent = '';
    this.title.textContent = summary.title;
    const eff = cacheEfficiency(summary.inclusive);
    // Σ only where sub-agents add to it, as in the tree.
    const inclusive = summary.children.length ? [' · Σ with sub-agents ', cost(summary.inclusive.cost, 'inclusive')] : [];
    this.meta.replaceChildren(
      `${summary.server} · own `,
      cost(summary.own.cost, 'own'),
      ...inclusive,
      ` · cache efficiency ${percentOrDash(eff)}`,
    );
    this.pace.textContent = summary.pace ?? '';
    this.meta.dataset.sessionId = summary.sessionID;
    this.loading.hidden = !summary.loading;
    this.trend.show(summary.trend);
  }

  /** Nothing to show: `message` says why. */
  fail(message: string): void {
    this.loading.hidden = true;
    this.notice.textContent = message;
  }

  say(message: string): void {
    this.notice.textContent = message;
  }
}

/**
 * The trend's progress line: "Reading history: N of M sessions" with a ring while sessions are read (their days
 * are left out of the chart until then, rather than guessed), and the sessions that could not be read, with
 * Retry. A polite live region, so a screen reader hears it change without losing its place.
 */
class TrendProgress {
  readonly element = el('div', 'trend-progress');
  onRetry?: () => void;
  private readonly ring = spinner();
  private readonly reading = el('span', 'trend-reading');
  private readonly failed = el('span', 'trend-failed');
  private readonly retry = button('Retry', () => this.onRetry?.(), { secondary: true, id: 'trend-retry' });

  constructor() {
    this.element.setAttribute('role', 'status');
    this.element.setAttribute('aria-live', 'polite');
    this.ring.setAttribute('aria-hidden', 'true');
    this.element.append(this.ring, this.reading, this.failed, this.retry);
    this.element.hidden = true;
  }

  show(trend: UsageSummary['trend']): void {
    const failed = trend?.failed ?? 0;
    const pending = trend?.pending ?? 0;
    const reading = pending > failed;
    this.element.hidden = !pending;
    this.ring.hidden = !reading;
    this.reading.hidden = !reading;
    this.reading.textContent = reading && trend ? `Reading history: ${trend.sessions - pending} of ${trend.sessions} sessions` : '';
    this.failed.hidden = !failed;
    this.failed.textContent = failed ? `${failed} ${failed === 1 ? 'session' : 'sessions'} could not be read (left out of the trend).` : '';
    this.retry.hidden = !failed;
  }
}

/** A cost rounded as everywhere on screen ($0.19), exact to the micro-dollar on hover; exports keep it exact. */
function cost(usd: number, which: string): HTMLElement {
  const span = el('span', 'cost');
  span.textContent = formatCost(usd);
  span.title = formatExactCost(usd);
  span.dataset.cost = which;
  return span;
}

function el(tag: string, className?: string): HTMLElement {
  const e = document.createElement(tag);
  if (className) e.className = className;
  return e;
}
