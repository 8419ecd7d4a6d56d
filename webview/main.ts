// The usage panel's page. It only renders what the host posts and asks the host to export; it never
// talks to a server. Handshake: it posts `ready` once its listeners are in place, then the host sends.
//
// What is visible is done first: a report draws the header and the shown tab's parts at once, and the
// other tabs, the tables and the trend in small chunks afterwards (input is handled between them). A live
// update rewrites the header, the tables' changed rows and the shown charts; the charts of hidden tabs
// catch up when their tab is shown. Marks `ocs:first-chart` (drawn), `ocs:first-paint` (painted) and
// `ocs:complete` say when (for the bench).
import type { HostToWebview, PanelState, StepRow, UsageSummary, WebviewToHost } from './protocol';
import { formatCost, formatExactCost } from '../src/present/format';
import { cacheEfficiency } from '../src/present/usageSummary';
import { applyDefaults } from './chartKit';
import { ChunkedFill } from './schedule';
import { StepsChart } from './stepsChart';
import { ModelsChart, SharesChart, TrendChart } from './summaryCharts';
import { percentOrDash, StepsTable, TotalsTable } from './tables';
import { onThemeChange, palette, type Palette } from './theme';
import { TimelineChart } from './timelineChart';
import { button, registerToolkit, spinner, tabs } from './toolkit';
import { UsageState } from './usageState';

declare function acquireVsCodeApi(): { postMessage(message: WebviewToHost): void; setState(state: PanelState): void };

const vscode = acquireVsCodeApi();
registerToolkit();

const app = document.getElementById('app')!;
const header = el('header');
const title = el('h1', 'title');
const meta = el('p', 'meta');
const loading = spinner();
const notice = el('p', 'notice');
const actions = el('div', 'actions');
actions.append(
  button('Export CSV', () => vscode.postMessage({ type: 'export', format: 'csv' }), { id: 'export-csv' }),
  button('Export JSON', () => vscode.postMessage({ type: 'export', format: 'json' }), { secondary: true, id: 'export-json' }),
);
header.append(title, meta, loading, actions);
const body = el('main');
app.append(header, notice, body);

const tabBar = tabs(body, ['Steps', 'Over the session', 'Split', 'Table', 'Trends']);
const [stepsView, sessionView, splitView, tableView, trendView] = tabBar.views;
const trendNotice = el('p', 'notice trend-loading');
trendView.append(trendNotice);
const state = new UsageState();

/** One thing on the page drawn from the state; `live` ones follow updates even while their tab is hidden. */
interface Part {
  tab: number;
  live: boolean;
  render(from: number): void;
  recolor?(p: Palette): void;
  shown?(): void;
  /** Rows from here on are not drawn yet (undefined: up to date). */
  pending?: number;
}

const totals = new TotalsTable(tableView);
const stepsTable = new StepsTable(tableView, state, (messageID) => vscode.postMessage({ type: 'showTurnChanges', messageID }));
const chartPart = (tab: number, chart: { render(from: number): void; recolor(p: Palette): void }): Part => ({
  tab,
  live: false,
  render: (f) => chart.render(f),
  recolor: (p) => chart.recolor(p),
});
const parts: Part[] = [
  chartPart(0, new StepsChart(stepsView, state)),
  chartPart(1, new TimelineChart(sessionView, state)),
  chartPart(2, new ModelsChart(splitView, state)),
  chartPart(2, new SharesChart(splitView, state)),
  { tab: 3, live: true, render: () => totals.set(state.summary!) },
  { tab: 3, live: true, render: (from) => stepsTable.render(from), shown: () => stepsTable.shown() },
  chartPart(4, new TrendChart(trendView, state)),
];
const fill = new ChunkedFill();
recolor();
onThemeChange(recolor);
tabBar.onChange((tab) => {
  for (const part of parts) {
    if (part.tab !== tab) continue;
    flush(part);
    part.shown?.();
  }
});
body.hidden = true;

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const message = event.data;
  switch (message.type) {
    case 'report':
      vscode.setState(message.state);
      show(message.summary, 0, message.steps, true);
      return;
    case 'update':
      show(message.summary, message.from, message.steps, false);
      return;
    case 'empty':
    case 'error':
      fill.cancel();
      body.hidden = true;
      loading.hidden = true;
      notice.textContent = message.message;
      return;
    case 'exported':
      notice.textContent = `Exported to ${message.path}`;
      return;
  }
});

function show(summary: UsageSummary, from: number, rows: readonly StepRow[], report: boolean): void {
  state.apply(summary, from, rows);
  body.hidden = false;
  notice.textContent = '';
  showHeader(summary);
  const tab = tabBar.active();
  for (const part of parts) part.pending = Math.min(part.pending ?? from, report ? 0 : from);
  for (const part of parts) if (part.tab === tab || (part.live && !report)) flush(part);
  if (!report) return;
  performance.mark('ocs:first-chart');
  // The rest, one part per chunk: the tables first, the trend (read in the background anyway) last. The
  // first chunk runs once the frame with the header and the shown tab is painted, and marks it.
  const rest = parts.filter((p) => p.pending !== undefined).sort((a, b) => rank(a) - rank(b));
  fill.run([() => performance.mark('ocs:first-paint'), ...rest.map((part) => () => flush(part))], () => performance.mark('ocs:complete'));
}

const rank = (p: Part) => (p.live ? 0 : p.tab === 4 ? 2 : 1);

function flush(part: Part): void {
  if (part.pending === undefined || !state.summary) return;
  const from = part.pending;
  part.pending = undefined;
  part.render(from);
}

function showHeader(summary: UsageSummary): void {
  title.textContent = summary.title;
  const eff = cacheEfficiency(summary.inclusive);
  // Text nodes only: the server's name is untrusted.
  meta.replaceChildren(
    `${summary.server} · own `,
    cost(summary.own.cost, 'own'),
    ' · inclusive ',
    cost(summary.inclusive.cost, 'inclusive'),
    ` · cache efficiency ${percentOrDash(eff)}`,
  );
  meta.dataset.sessionId = summary.sessionID;
  loading.hidden = !summary.loading;
  // Sessions still being read are left out of the trend, so say so rather than show a partial total.
  const trend = summary.trend;
  trendNotice.hidden = !trend?.pending;
  trendNotice.textContent = trend?.pending ? `loading ${trend.sessions - trend.pending} of ${trend.sessions} sessions…` : '';
}

function recolor(): void {
  const p = palette();
  applyDefaults(p);
  for (const part of parts) part.recolor?.(p);
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

vscode.postMessage({ type: 'ready' });
