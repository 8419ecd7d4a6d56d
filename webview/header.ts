// The panel's header: the session's title, its server and costs, a spinner while it is read, the export
// buttons, and the notice line under it (an error, an empty session, where an export went); and the trend
// tab's note while sessions are still being read. Text is set as textContent (the server's name is untrusted).
import { formatCost, formatExactCost } from '../src/present/format';
import { cacheEfficiency } from '../src/present/usageSummary';
import type { ExportFormat, UsageSummary } from './protocol';
import { percentOrDash } from './tables';
import { button, spinner } from './toolkit';

export class Header {
  readonly element = el('header');
  readonly notice = el('p', 'notice');
  private readonly title = el('h1', 'title');
  private readonly meta = el('p', 'meta');
  private readonly loading = spinner();
  private readonly trendNotice = el('p', 'notice trend-loading');

  /** `trendView`: the trend tab's view, which gets the note first. */
  constructor(trendView: HTMLElement, exportAs: (format: ExportFormat) => void) {
    const actions = el('div', 'actions');
    actions.append(
      button('Export CSV', () => exportAs('csv'), { id: 'export-csv' }),
      button('Export JSON', () => exportAs('json'), { secondary: true, id: 'export-json' }),
    );
    this.element.append(this.title, this.meta, this.loading, actions);
    trendView.append(this.trendNotice);
  }

  show(summary: UsageSummary): void {
    this.notice.textContent = '';
    this.title.textContent = summary.title;
    const eff = cacheEfficiency(summary.inclusive);
    this.meta.replaceChildren(
      `${summary.server} · own `,
      cost(summary.own.cost, 'own'),
      ' · inclusive ',
      cost(summary.inclusive.cost, 'inclusive'),
      ` · cache efficiency ${percentOrDash(eff)}`,
    );
    this.meta.dataset.sessionId = summary.sessionID;
    this.loading.hidden = !summary.loading;
    // Sessions still being read are left out of the trend, so say so rather than show a partial total.
    const trend = summary.trend;
    this.trendNotice.hidden = !trend?.pending;
    this.trendNotice.textContent = trend?.pending ? `loading ${trend.sessions - trend.pending} of ${trend.sessions} sessions…` : '';
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
