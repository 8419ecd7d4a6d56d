// Everything the panel draws below its header, as parts of its tabs, and when each is drawn. What is visible
// is done first: a report draws the shown tab's parts at once, and the other tabs, the tables and the trend
// in small chunks afterwards (input is handled between them). A live update draws the shown tab's parts and
// the live ones (the tables, whose rows and totals follow every step); the charts of hidden tabs catch up
// when their tab is shown. Marks `ocs:first-chart` (drawn), `ocs:first-paint` (painted) and `ocs:complete`
// say when (for the bench).
import { applyDefaults } from './chartKit';
import { ChunkedFill } from './schedule';
import { StepsChart } from './stepsChart';
import { ModelsChart, SharesChart, TrendChart } from './summaryCharts';
import { StepsTable, TotalsTable } from './tables';
import type { Palette } from './theme';
import { ContextTimeline, CostTimeline } from './timelineChart';
import type { UsageState } from './usageState';

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

export class PanelParts {
  private readonly parts: Part[];
  private readonly fill = new ChunkedFill();

  /** `views`: the tabs' views (Steps, Over the session, Split, Table, Trends); `showChanges(messageID)` shows a step's turn's changes. */
  constructor(
    views: readonly HTMLElement[],
    private readonly state: UsageState,
    showChanges: (messageID: string) => void,
  ) {
    const [stepsView, sessionView, splitView, tableView, trendView] = views;
    const totals = new TotalsTable(tableView);
    const stepsTable = new StepsTable(tableView, state, showChanges);
    const chart = (tab: number, c: { render(from: number): void; recolor(p: Palette): void }): Part => ({
      tab,
      live: false,
      render: (f) => c.render(f),
      recolor: (p) => c.recolor(p),
    });
    this.parts = [
      chart(0, new StepsChart(stepsView, state)),
      chart(1, new CostTimeline(sessionView, state)),
      chart(1, new ContextTimeline(sessionView, state)),
      chart(2, new ModelsChart(splitView, state)),
      chart(2, new SharesChart(splitView, state)),
      { tab: 3, live: true, render: () => totals.set(state.summary!) },
      { tab: 3, live: true, render: (from) => stepsTable.render(from), shown: () => stepsTable.shown() },
      chart(4, new TrendChart(trendView, state)),
    ];
  }

  /**
   * The state changed from row `from` on (`report`: a new session, all of it): draws the parts of `tab` (the
   * tab shown) and the live ones now; after a report, the rest once the frame is painted.
   */
  show(from: number, report: boolean, tab: number): void {
    for (const part of this.parts) part.pending = Math.min(part.pending ?? from, report ? 0 : from);
    for (const part of this.parts) if (part.tab === tab || (part.live && !report)) this.flush(part);
    if (!report) return;
    performance.mark('ocs:first-chart');
    // The rest, one part per chunk: the tables first, the trend (read in the background anyway) last. The
    // first chunk runs once the frame with the header and the shown tab is painted, and marks it.
    const rest = this.parts.filter((p) => p.pending !== undefined).sort((a, b) => rank(a) - rank(b));
    this.fill.run([() => performance.mark('ocs:first-paint'), ...rest.map((part) => () => this.flush(part))], () =>
      performance.mark('ocs:complete'),
    );
  }

  /** Tab `tab` is shown now: its parts catch up. */
  tabShown(tab: number): void {
    for (const part of this.parts) {
      if (part.tab !== tab) continue;
      this.flush(part);
      part.shown?.();
    }
  }

  /** The parts of `tabs` draw every row again (the Timeline's range changed): now if shown or live, else when shown. */
  redraw(tabs: readonly number[], shownTab: number): void {
    for (const part of this.parts) {
      if (!tabs.includes(part.tab)) continue;
      part.pending = 0;
      if (part.tab === shownTab || part.live) this.flush(part);
    }
  }

  /** Nothing to show any more: a fill under way stops. */
  cancel(): void {
    this.fill.cancel();
  }

  /** The theme's colours, for charts made later (chart.js defaults) and the ones there. */
  recolor(p: Palette): void {
    applyDefaults(p);
    for (const part of this.parts) part.recolor?.(p);
  }

  private flush(part: Part): void {
    if (part.pending === undefined || !this.state.summary) return;
    const from = part.pending;
    part.pending = undefined;
    part.render(from);
  }
}

const rank = (p: Part) => (p.live ? 0 : p.tab === 4 ? 2 : 1);
