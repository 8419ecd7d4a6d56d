// Over the session, two charts one above the other, each with its own axis: the cumulative cost (USD), and the
// context % with the model's limit, the compaction threshold and the compactions marked. On one chart with two
// y axes the cost line seemed to cross the compaction line, whose scale it does not share. Each follows a
// MinMaxBuckets' array, changed in place (a live step redoes the last bucket: one splice); the limit and
// threshold lines are two points each, the marks one per compaction. Tooltips show the hovered step's exact
// figures, read from the rows.
import type { TooltipItem } from 'chart.js';
import { formatCount, formatExactCost, formatPercent } from '../src/present/format';
import { applyTextColor, baseOptions, Chart, stepAxis, describeDrawn, makeChart, maxBuckets, percentTicks, showWords } from './chartKit';
import { compactionPoints, NO_STEPS } from './chartShape';
import { MinMaxBuckets, syncTail, type Source, type XY } from './decimate';
import type { Palette } from './theme';
import type { UsageState } from './usageState';

const line = (label: string, data: XY[], extra: object = {}) => ({ label, data, pointRadius: 0, parsing: false, ...extra });

/** One line over the steps (its first dataset), and what a chart adds to it; the step axis, dot and words alike. */
abstract class StepLine {
  readonly chart: Chart;
  protected readonly data: XY[] = [];
  private readonly buckets = new MinMaxBuckets(0, maxBuckets());
  private readonly source: Source;
  private readonly valueName: string;

  constructor(
    slot: HTMLElement,
    protected readonly state: UsageState,
    shape: {
      title: string;
      /** The line's legend, and the datasets drawn besides it. */
      label: string;
      others: object[];
      y: object;
      source: Source;
      /** The name of the line's value in the figure's data-last (for tests). */
      valueName: string;
    },
  ) {
    this.source = shape.source;
    this.valueName = shape.valueName;
    this.chart = makeChart(slot, shape.title, {
      type: 'line',
      data: { datasets: [line(shape.label, this.data), ...shape.others] },
      options: {
        ...baseOptions({ x: stepAxis(), y: shape.y }),
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        plugins: {
          tooltip: {
            filter: (_item: unknown, index: number) => index === 0,
            callbacks: {
              title: (items: TooltipItem<'line'>[]) => {
                const step = (items[0]?.raw as XY | undefined)?.x;
                return step === undefined ? '' : `Step ${step}`;
              },
              label: (item: TooltipItem<'line'>) => this.label((item.raw as XY).x),
            },
          },
        },
      },
    } as never);
  }

  render(from: number): void {
    const { rows, summary } = this.state;
    if (!summary) return;
    const n = rows.length;
    showWords(this.chart, n ? undefined : NO_STEPS);
    syncTail(this.data, this.buckets.out, this.buckets.update(this.source, from, n));
    // The axis' ends: half a step either side of a single step, which would otherwise have no width.
    const pad = n === 1 ? 0.5 : 0;
    const ends = n ? [rows[0].n - pad, rows[n - 1].n + pad] : [];
    this.drawAlso(ends);
    // A one-step session: its line is a dot (a line needs two points).
    (this.chart.data.datasets[0] as { pointRadius?: number }).pointRadius = n === 1 ? 4 : 0;
    const x = this.chart.options.scales!.x!;
    x.min = ends[0] ?? 0;
    x.max = ends[1] ?? 1;
    this.chart.update('none');
    const last = this.data.at(-1);
    describeDrawn(this.chart, last && { step: last.x, [this.valueName]: last.y }, this.data.length);
  }

  /** Colours, in the order of the datasets. */
  protected paint(colors: readonly string[], p: Palette): void {
    this.chart.data.datasets.forEach((d, i) => {
      d.borderColor = colors[i];
      d.backgroundColor = colors[i];
    });
    applyTextColor(this.chart, p);
    this.chart.update('none');
  }

  /** What the chart draws besides its line, over the steps from ends[0] to ends[1]. */
  protected drawAlso(_ends: number[]): void {}

  /** The hover's lines for step `step`. */
  protected abstract label(step: number): string[];
}

/** What the session has cost after each step, in USD. */
export class CostTimeline extends StepLine {
  constructor(slot: HTMLElement, state: UsageState) {
    const { rows, cumulative } = state;
    super(slot, state, {
      title: 'Cost over the session',
      label: 'Cumulative cost ($)',
      others: [],
      y: { beginAtZero: true, title: { display: true, text: 'USD' } },
      source: { x: (i) => rows[i].n, y: (_s, i) => cumulative[i] },
      valueName: 'cost',
    });
  }

  recolor(p: Palette): void {
    this.paint([p.cost], p);
  }

  protected label(step: number): string[] {
    const row = this.state.rows[step - 1];
    if (!row) return [];
    return [`Cumulative cost: ${formatExactCost(this.state.cumulative[step - 1])}`, `This step: ${formatExactCost(row.cost)}`];
  }
}

/** How full the context was after each step, against the model's limit and the compaction threshold. */
export class ContextTimeline extends StepLine {
  private readonly limit: XY[];
  private readonly threshold: XY[];
  private readonly marks: XY[];

  constructor(slot: HTMLElement, state: UsageState) {
    const { rows } = state;
    const [limit, threshold, marks]: XY[][] = [[], [], []];
    super(slot, state, {
      title: 'Context over the session',
      label: 'Context %',
      others: [
        line('Model limit', limit, { borderDash: [6, 4] }),
        line('Compaction threshold', threshold, { borderDash: [2, 3] }),
        line('Compaction', marks, { showLine: false, pointStyle: 'triangle', pointRadius: 8 }),
      ],
      y: { min: 0, suggestedMax: 100, ticks: percentTicks(), title: { display: true, text: 'context' } },
      source: { x: (i) => rows[i].n, y: (_s, i) => (rows[i].context === undefined ? null : rows[i].context * 100) },
      valueName: 'context',
    });
    [this.limit, this.threshold, this.marks] = [limit, threshold, marks];
  }

  recolor(p: Palette): void {
    this.paint([p.context, p.limit, p.threshold, p.marker], p);
  }

  protected drawAlso(ends: number[]): void {
    const { rows, summary } = this.state;
    if (!summary) return;
    setPoints(this.limit, summary.contextLimit ? ends.map((x) => ({ x, y: 100 })) : []);
    setPoints(
      this.threshold,
      ends.map((x) => ({ x, y: summary.threshold * 100 })),
    );
    setPoints(this.marks, compactionPoints(summary.compactions, rows, summary.threshold, maxBuckets()));
    const [, limit, threshold] = this.chart.data.datasets;
    limit.label = summary.contextLimit ? `Model limit (${formatCount(summary.contextLimit)} tokens)` : 'Model limit';
    threshold.label = `Compaction threshold (${Math.round(summary.threshold * 100)} %)`;
  }

  protected label(step: number): string[] {
    const row = this.state.rows[step - 1];
    return row ? [`Context: ${row.context === undefined ? '–' : formatPercent(row.context)}`] : [];
  }
}

/** Replaces a small array's points in place (the chart keeps the same array): at most a few per bucket. */
function setPoints(target: XY[], points: readonly XY[]): void {
  target.splice(0, target.length, ...points);
}
