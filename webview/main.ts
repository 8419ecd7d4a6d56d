// The usage panel's page. It only renders what the host posts and asks the host to export; it never
// talks to a server. Handshake: it posts `ready` once its listeners are in place, then the host sends.
import { UsageCharts } from './charts';
import type { HostToWebview, PanelState, StepRow, UsageSummary, WebviewToHost } from './protocol';
import { formatCost, formatExactCost } from '../src/present/format';
import { cacheEfficiency } from '../src/present/usageSummary';
import { percentOrDash, StepsTable, TotalsTable } from './tables';
import { onThemeChange } from './theme';
import { button, registerToolkit, spinner, tabs } from './toolkit';

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

const [stepsView, sessionView, splitView, tableView, trendView] = tabs(body, ['Steps', 'Over the session', 'Split', 'Table', 'Trends']);
const trendNotice = el('p', 'notice trend-loading');
trendView.append(trendNotice);
const charts = new UsageCharts({ steps: stepsView, timeline: sessionView, models: splitView, shares: splitView, trend: trendView });
const totals = new TotalsTable(tableView);
const steps = new StepsTable(tableView, (messageID) => vscode.postMessage({ type: 'showTurnChanges', messageID }));
onThemeChange(() => charts.recolor());
body.hidden = true;

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const message = event.data;
  switch (message.type) {
    case 'report':
      vscode.setState(message.state);
      show(message.summary, 0, message);
      return;
    case 'update':
      show(message.summary, message.from, message);
      return;
    case 'empty':
    case 'error':
      body.hidden = true;
      loading.hidden = true;
      notice.textContent = message.message;
      return;
    case 'exported':
      notice.textContent = `Exported to ${message.path}`;
      return;
  }
});

function show(summary: UsageSummary, from: number, message: { steps: StepRow[] }): void {
  body.hidden = false;
  notice.textContent = '';
  title.textContent = summary.title;
  const eff = cacheEfficiency(summary.inclusive);
  // Text nodes only: the server's name is untrusted.
  meta.replaceChildren(`${summary.server} · own `, cost(summary.own.cost, 'own'), ' · inclusive ', cost(summary.inclusive.cost, 'inclusive'), ` · cache efficiency ${percentOrDash(eff)}`);
  meta.dataset.sessionId = summary.sessionID;
  loading.hidden = !summary.loading;
  // Sessions still being read are left out of the trend, so say so rather than show a partial total.
  const trend = summary.trend;
  trendNotice.hidden = !trend?.pending;
  trendNotice.textContent = trend?.pending ? `loading ${trend.sessions - trend.pending} of ${trend.sessions} sessions…` : '';
  charts.setSteps(summary, from, message.steps);
  totals.set(summary);
  steps.set(from, message.steps);
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
