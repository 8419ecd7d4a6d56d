// Tokens per step, stacked by kind. Its data are a PeakBuckets' arrays, changed in place: a live step
// redoes the last bucket (usually one pushed bar) and `update('none')` draws it; the chart is never rebuilt.
// The tooltip names the real step a bar is and its exact token counts.
import type { TooltipItem } from 'chart.js';
import { formatCount } from '../src/present/format';
import { applyTextColor, baseOptions, Chart, makeChart, maxBuckets } from './chartKit';
import { PeakBuckets, type Source } from './decimate';
import type { Palette } from './theme';
import type { UsageState } from './usageState';

export const TOKEN_KINDS = [
  ['input', 'Input'],
  ['output', 'Output'],
  ['reasoning', 'Reasoning'],
  ['cacheRead', 'Cache read'],
  ['cacheWrite', 'Cache write'],
] as const;

export class StepsChart {
  readonly chart: Chart;
  private readonly bars = new PeakBuckets(TOKEN_KINDS.length, maxBuckets());
  private readonly source: Source;

  constructor(
    slot: HTMLElement,
    private readonly state: UsageState,
  ) {
    const rows = state.rows;
    this.source = { x: (i) => rows[i].n, y: (s, i) => rows[i][TOKEN_KINDS[s][0]] };
    this.chart = makeChart(slot, 'Tokens per step', {
      type: 'bar',
      data: {
        datasets: TOKEN_KINDS.map(([, label], i) => ({
          label,
          data: this.bars.out[i],
          stack: 'tokens',
          parsing: false,
          barThickness: 'flex',
          barPercentage: 1,
          categoryPercentage: 1,
        })),
      },
      options: {
        ...baseOptions({
          // Bounds half a step out so the end bars are whole; their ticks (0.5, n + 0.5) are not steps.
          x: {
            type: 'linear',
            stacked: true,
            ticks: { precision: 0 },
            afterBuildTicks: (axis: { ticks: Array<{ value: number }> }) =>
              void (axis.ticks = axis.ticks.filter((t) => Number.isInteger(t.value))),
            title: { display: true, text: 'step' },
          },
          y: { stacked: true, beginAtZero: true, title: { display: true, text: 'tokens' } },
        }),
        plugins: {
          tooltip: {
            callbacks: { title: (items: TooltipItem<'bar'>[]) => this.title(items), label: (item: TooltipItem<'bar'>) => this.label(item) },
          },
        },
      },
    } as never);
  }

  /** Rows from `from` on changed: redoes their buckets and draws. */
  render(from: number): void {
    const n = this.state.rows.length;
    this.bars.update(this.source, from, n);
    const x = this.chart.options.scales!.x!;
    x.min = n ? this.state.rows[0].n - 0.5 : 0;
    x.max = n ? this.state.rows[n - 1].n + 0.5 : 1;
    this.chart.update('none');
  }

  recolor(p: Palette): void {
    this.chart.data.datasets.forEach((d, i) => (d.backgroundColor = p[TOKEN_KINDS[i][0]]));
    applyTextColor(this.chart, p);
    this.chart.update('none');
  }

  private title(items: TooltipItem<'bar'>[]): string {
    const step = (items[0]?.raw as { x: number } | undefined)?.x;
    if (step === undefined) return '';
    const size = this.bars.bucket;
    if (size === 1) return `Step ${step}`;
    const first = Math.floor((step - 1) / size) * size + 1;
    return `Step ${step} (the largest of steps ${first}–${Math.min(first + size - 1, this.state.rows.length)})`;
  }

  private label(item: TooltipItem<'bar'>): string {
    const step = (item.raw as { x: number }).x;
    const row = this.state.rows[step - 1];
    const [key, label] = TOKEN_KINDS[item.datasetIndex];
    return `${label}: ${formatCount(row ? row[key] : (item.raw as { y: number }).y)}`;
  }
}
