// Over the session, two charts one above the other, each with its own axis: the cumulative cost (USD), and the
// context % with the model's limit, the compaction threshold and the compactions marked. On one chart with two
// y axes the cost line seemed to cross the compaction line, whose scale it does not share. Each follows a
// MinMaxBuckets' array, changed in place (a live step redoes the last bucket: one splice); the limit and
// threshold lines are two points each, the marks one per compaction. Tooltips show the hovered step's exact
// figures, read from the rows.
import type { TooltipItem } from 'chart.js';
import { formatCount, formatExactCost, formatPercent } from '../src/present/format';
import { applyTextColor, baseOptions, Chart, stepAxis, describeDrawn, makeChart, maxBuckets, showWords } from './chartKit';
import { NO_STEPS } from './chartShape';
import { MinMaxBuckets, syncTail, type Source, type XY } from './decimate';
import type { Palette } from './theme';
import type { UsageState } from './usageState';

const line = (label: string, data: XY[], extra: object = {}) => ({ label, data, pointRadius: 0, parsing: false, ...extra });

/** The step axis' ends: half a step either side of a single step, which would otherwise have no width. */
function stepEnds(state: UsageState): number[] {
  const { rows } = state;
  const n = rows.length;
  const pad = n === 1 ? 0.5 : 0;
  return n ? [rows[0].n - pad, rows[n - 1].n + pad] : [];
}

function setStepAxis(chart: Chart, ends: number[]): void {
  const x = chart.options.scales!.x!;
  x.min = ends[0] ?? 0;
  x.max = ends[1] ?? 1;
}

/** A one-step session: its line is a dot (a line needs two points). */
function dotWhenSingle(chart: Chart, n: number): void {
  (chart.data.datasets[0] as { pointRadius?: number }).pointRadius = n === 1 ? 4 : 0;
}

function stepTitle(items: TooltipItem<'line'>[]): string {
  const step = (items[0]?.raw as XY | undefined)?.x;
  return step === undefined ? '' : `Step ${step}`;
}

/** What the session has cost after each step, in USD. */
export class CostTimeline {
  readonly chart: Chart;
  private readonly buckets = new MinMaxBuckets(0, maxBuckets());
  private readonly data: XY[] = [];
  private readonly source: Source;

  constructor(
    slot: HTMLElement,
    private readonly state: UsageState,
  ) {
    const { rows, cumulative } = state;
    this.source = { x: (i) => rows[i].n, y: (_s, i) => cumulative[i] };
    this.chart = makeChart(slot, 'Cost over the session', {
      type: 'line',
      data: { datasets: [line('Cumulative cost ($)', this.data)] },
      options: {
        ...baseOptions({
          x: stepAxis(),
          y: { beginAtZero: true, title: { display: true, text: 'USD' } },
        }),
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        plugins: {
          tooltip: { callbacks: { title: stepTitle, label: (item: TooltipItem<'line'>) => this.label(item) } },
        },
      },
    } as never);
  }

  recolor(p: Palette): void {
    const [cost] = this.chart.data.datasets;
    cost.borderColor = p.cost;
    cost.backgroundColor = p.cost;
    applyTextColor(this.chart, p);
    this.chart.update('none');
  }

  render(from: number): void {
    const { rows, summary } = this.state;
    if (!summary) return;
    const n = rows.length;
    showWords(this.chart, n ? undefined : NO_STEPS);
    syncTail(this.data, this.buckets.out, this.buckets.update(this.source, from, n));
    dotWhenSingle(this.chart, n);
    setStepAxis(this.chart, stepEnds(this.state));
    this.chart.update('none');
    const last = this.data.at(-1);
    describeDrawn(this.chart, last && { step: last.x, cost: last.y }, this.data.length);
  }

  private label(item: TooltipItem<'line'>): string[] {
    const step = (item.raw as XY).x;
    const row = this.state.rows[step - 1];
    if (!row) return [];
    return [`Cumulative cost: ${formatExactCost(this.state.cumulative[step - 1])}`, `This step: ${formatExactCost(row.cost)}`];
  }
}

/** How full the context was after each step, against the model's limit and the compaction threshold. */
export class ContextTimeline {
  readonly chart: Chart;
  private readonly buckets = new MinMaxBuckets(0, maxBuckets());
  private readonly data: XY[] = [];
  private readonly limit: XY[] = [];
  private readonly threshold: XY[] = [];
  private readonly marks: XY[] = [];
  private readonly source: Source;

  constructor(
    slot: HTMLElement,
    private readonly state: UsageState,
  ) {
    const { rows } = state;
    this.source = { x: (i) => rows[i].n, y: (_s, i) => (rows[i].context === undefined ? null : rows[i].context * 100) };
    this.chart = makeChart(slot, 'Context over the session', {
      type: 'line',
      data: {
        datasets: [
          line('Context %', this.data),
          line('Model limit', this.limit, { borderDash: [6, 4] }),
          line('Compaction threshold', this.threshold, { borderDash: [2, 3] }),
          line('Compaction', this.marks, { showLine: false, pointStyle: 'triangle', pointRadius: 8 }),
        ],
      },
      options: {
        ...baseOptions({
          x: stepAxis(),
          y: { min: 0, suggestedMax: 100, title: { display: true, text: 'context %' } },
        }),
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        plugins: {
          tooltip: {
            filter: (_item: unknown, index: number) => index === 0,
            callbacks: { title: stepTitle, label: (item: TooltipItem<'line'>) => this.label(item) },
          },
        },
      },
    } as never);
  }

  recolor(p: Palette): void {
    const colors = [p.context, p.limit, p.threshold, p.marker];
    this.chart.data.datasets.forEach((d, i) => {
      d.borderColor = colors[i];
      d.backgroundColor = colors[i];
    });
    applyTextColor(this.chart, p);
    this.chart.update('none');
  }

  render(from: number): void {
    const { rows, summary } = this.state;
    if (!summary) return;
    const n = rows.length;
    showWords(this.chart, n ? undefined : NO_STEPS);
    syncTail(this.data, this.buckets.out, this.buckets.update(this.source, from, n));
    const ends = stepEnds(this.state);
    setPoints(this.limit, summary.contextLimit ? ends.map((x) => ({ x, y: 100 })) : []);
    setPoints(
      this.threshold,
      ends.map((x) => ({ x, y: summary.threshold * 100 })),
    );
    setPoints(
      this.marks,
      summary.compactions.filter((c) => c >= 1 && c <= n).map((c) => ({ x: c, y: (rows[c - 1].context ?? summary.threshold) * 100 })),
    );
    const [, limit, threshold] = this.chart.data.datasets;
    limit.label = summary.contextLimit ? `Model limit (${formatCount(summary.contextLimit)} tokens)` : 'Model limit';
    threshold.label = `Compaction threshold (${Math.round(summary.threshold * 100)} %)`;
    dotWhenSingle(this.chart, n);
    setStepAxis(this.chart, ends);
    this.chart.update('none');
    const last = this.data.at(-1);
    describeDrawn(this.chart, last && { step: last.x, context: last.y }, this.data.length);
  }

  private label(item: TooltipItem<'line'>): string[] {
    const step = (item.raw as XY).x;
    const row = this.state.rows[step - 1];
    if (!row) return [];
    return [`Context: ${row.context === undefined ? '–' : formatPercent(row.context)}`];
  }
}

/** Replaces a small array's points in place (the chart keeps the same array). */
function setPoints(target: XY[], points: readonly XY[]): void {
  target.splice(0, target.length, ...points);
}
