// The usage panel's page. It only renders what the host posts and asks the host to export; it never
// talks to a server. Handshake: it posts `ready` once its listeners are in place, then the host sends.
// The header (header.ts) shows a report's figures at once; the tabs' parts (panelParts.ts) draw what is
// visible first and the rest afterwards, and follow live updates.
import { fillHeight } from './fillHeight';
import { Header } from './header';
import { PanelParts } from './panelParts';
import { hostMessage, type PanelState, type WebviewToHost } from '../src/features/usage/protocol';
import { onThemeChange, palette } from './theme';
import { registerToolkit, tabs } from './toolkit';
import { UsageState } from './usageState';
import { TimelineTab } from './timelineTab';

declare function acquireVsCodeApi(): { postMessage(message: WebviewToHost): void; setState(state: PanelState): void };

const vscode = acquireVsCodeApi();
registerToolkit();

const app = document.getElementById('app')!;
const body = document.createElement('main');
const tabBar = tabs(body, ['Steps', 'Session', 'Split', 'Table', 'Trends', 'Timeline']);
const TIMELINE_TAB = 5;
const header = new Header(
  tabBar.views[4],
  (format) => vscode.postMessage({ type: 'export', format }),
  () => vscode.postMessage({ type: 'retryTrend' }),
);
app.append(header.element, header.notice, body);
for (const i of [0, 1, 2, 4]) tabBar.views[i].classList.add('charts');
tabBar.views[TIMELINE_TAB].classList.add('timeline');
tabBar.views[3].classList.add('table');
fillHeight(tabBar.views, [header.element, header.notice]);

const state = new UsageState();
const parts = new PanelParts(tabBar.views, state, (messageID) => vscode.postMessage({ type: 'showTurnChanges', messageID }));
// A range chosen on the Timeline narrows the Steps chart and the Table to the steps that started in it.
const timeline = new TimelineTab(
  tabBar.views[TIMELINE_TAB],
  () => !body.hidden && tabBar.active() === TIMELINE_TAB,
  (range) => {
    state.setRange(range);
    if (state.summary) parts.redraw([0, 3], tabBar.active());
  },
);
parts.recolor(palette());
timeline.recolor(palette());
onThemeChange(() => {
  parts.recolor(palette());
  timeline.recolor(palette());
});
// The host posts the timeline only while its tab shows (a live step on a long tree costs it nothing meanwhile).
let timelineShown = false;
tabBar.onChange((tab) => {
  parts.tabShown(tab);
  if (tab === TIMELINE_TAB) timeline.shown();
  if (timelineShown !== (tab === TIMELINE_TAB)) {
    timelineShown = tab === TIMELINE_TAB;
    vscode.postMessage({ type: 'timelineShown', shown: timelineShown });
  }
});
body.hidden = true;

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = hostMessage(event.data);
  switch (message?.type) {
    case 'report':
      vscode.setState(message.state);
      state.apply(message.summary, 0, message.steps);
      show(true);
      return;
    case 'update':
      if (!message.summary && !state.summary) return;
      state.apply(message.summary ?? state.summary!, message.from, message.steps);
      show(false, message.from);
      return;
    case 'empty':
    case 'error':
      parts.cancel();
      body.hidden = true;
      header.fail(message.message);
      return;
    case 'exported':
      header.say(`Exported to ${message.path}`);
      return;
    case 'timeline':
      timeline.apply(message);
      return;
  }
});

function show(report: boolean, from = 0): void {
  body.hidden = false;
  header.show(state.summary!);
  parts.show(from, report, tabBar.active());
}

vscode.postMessage({ type: 'ready' });
