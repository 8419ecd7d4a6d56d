// Cumulative cost and context % over the session, with the model's limit, the compaction threshold and
// the compactions marked. Cost and context follow MinMaxBuckets' arrays, changed in place (a live step
// redoes the last bucket: one splice each), the limit and threshold lines are two points each, the marks one per compaction. The
// tooltip shows the hovered step's exact cumulative cost and context, read from the rows.
import type { TooltipItem } from 'chart.js';
import { formatCount, formatExactCost, formatPercent } from '../src/present/format';
import { applyTextColor, baseOptions, Chart, stepAxis, describeDrawn, makeChart, maxBuckets, showWords } from './chartKit';
import { NO_STEPS } from './chartShape';
import { MinMaxBuckets, syncTail, type Source, type XY } from './decimate';
import type { Palette } from './theme';
import type { UsageState } from './usageState';

export class TimelineChart {
  readonly chart: Chart;
  private readonly cost = new MinMaxBuckets(0, Math.ceil(maxBuckets() / 2));
  private readonly context = new MinMaxBuckets(1, Math.ceil(maxBuckets() / 2));
  private readonly limit: XY[] = [];
  private readonly threshold: XY[] = [];
  private readonly marks: XY[] = [];
  private readonly costData: XY[] = [];
  private readonly contextData: XY[] = [];
  private readonly source: Source;

  constructor(
    slot: HTMLElement,
    private readonly state: UsageState,
  ) {
    const { rows, cumulative } = state;
    this.source = {
      x: (i) => rows[i].n,
      y: (s, i) => (s === 0 ? cumulative[i] : rows[i].context === undefined ? null : rows[i].context * 100),
    };
    const line = (label: string, data: XY[], yAxisID: string, extra: object = {}) => ({
      label,
      data,
      yAxisID,
      pointRadius: 0,
      parsing: false,
      ...extra,
    });
    this.chart = makeChart(slot, 'Cost and context over the session', {
      type: 'line',
      data: {
        datasets: [
          line('Cumulative cost ($)', this.costData, 'cost'),
          line('Context %', this.contextData, 'pct'),
          line('Model limit', this.limit, 'pct', { borderDash: [6, 4] }),
          line('Compaction threshold', this.threshold, 'pct', { borderDash: [2, 3] }),
          line('Compaction', this.marks, 'pct', { showLine: false, pointStyle: 'triangle', pointRadius: 8 }),
        ],
      },
      options: {
        ...baseOptions({
          // Steps only (a one-step session's axis runs half a step either side of it).
          x: stepAxis(),
          cost: { position: 'left', beginAtZero: true, title: { display: true, text: 'USD' } },
          pct: {
            position: 'right',
            min: 0,
            suggestedMax: 100,
            grid: { drawOnChartArea: false },
            title: { display: true, text: 'context %' },
          },
        }),
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        plugins: {
          tooltip: {
            filter: (_item: unknown, index: number) => index === 0,
            callbacks: {
              title: (items: TooltipItem<'line'>[]) => this.title(items),
              label: (item: TooltipItem<'line'>) => this.label(item),
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
    syncTail(this.costData, this.cost.out, this.cost.update(this.source, from, n));
    syncTail(this.contextData, this.context.out, this.context.update(this.source, from, n));
    // The axis' ends (half a step either side of a single step, which would otherwise have no width).
    const pad = n === 1 ? 0.5 : 0;
    const ends = n ? [rows[0].n - pad, rows[n - 1].n + pad] : [];
    setPoints(this.limit, summary.contextLimit ? ends.map((x) => ({ x, y: 100 })) : []);
    setPoints(
      this.threshold,
      ends.map((x) => ({ x, y: summary.threshold * 100 })),
    );
    setPoints(
      this.marks,
      summary.compactions.filter((c) => c >= 1 && c <= n).map((c) => ({ x: c, y: (rows[c - 1].context ?? summary.threshold) * 100 })),
    );
    const [, , limit, threshold] = this.chart.data.datasets;
    limit.label = summary.contextLimit ? `Model limit (${formatCount(summary.contextLimit)} tokens)` : 'Model limit';
    threshold.label = `Compaction threshold (${Math.round(summary.threshold * 100)} %)`;
    // A one-step session: its cost and context are dots (a line needs two points).
    for (const d of this.chart.data.datasets.slice(0, 2)) (d as { pointRadius?: number }).pointRadius = n === 1 ? 4 : 0;
    const x = this.chart.options.scales!.x!;
    x.min = ends[0] ?? 0;
    x.max = ends[1] ?? 1;
    this.chart.update('none');
    const cost = this.costData.at(-1);
    const context = this.contextData.at(-1);
    describeDrawn(
      this.chart,
      cost && { step: cost.x, cost: cost.y, contextStep: context?.x, context: context?.y },
      this.costData.length + this.contextData.length,
    );
  }

  recolor(p: Palette): void {
    const colors = [p.cost, p.context, p.limit, p.threshold, p.marker];
    this.chart.data.datasets.forEach((d, i) => {
      d.borderColor = colors[i];
      d.backgroundColor = colors[i];
    });
    applyTextColor(this.chart, p);
    this.chart.update('none');
  }

  private title(items: TooltipItem<'line'>[]): string {
    const step = (items[0]?.raw as XY | undefined)?.x;
    return step === undefined ? '' : `Step ${step}`;
  }

  private label(item: TooltipItem<'line'>): string[] {
    const step = (item.raw as XY).x;
    const row = this.state.rows[step - 1];
    if (!row) return [];
    return [
      `Cumulative cost: ${formatExactCost(this.state.cumulative[step - 1])}`,
      `Context: ${row.context === undefined ? '–' : formatPercent(row.context)}`,
    ];
  }
}

/** Replaces a small array's points in place (the chart keeps the same array). */
function setPoints(target: XY[], points: readonly XY[]): void {
  target.splice(0, target.length, ...points);
}
