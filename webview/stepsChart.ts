// Tokens per step, stacked by kind, drawn by StepBarsController (stepBars.ts). Its data are StepStacks' arrays
// (stepStacks.ts), changed in place: a live step redoes the last bucket (usually one bar, one splice per kind) and
// `update('none')` draws it; the chart is never rebuilt. The tooltip names the real step a bar is, its exact token
// counts and its cost, read from the rows.
import type { TooltipItem } from 'chart.js';
import { formatCount, formatExactCost } from '../src/present/format';
import { applyTextColor, baseOptions, Chart, stepAxis, describeDrawn, makeChart, maxBuckets, showWords } from './chartKit';
import { NO_STEPS } from './chartShape';
import { StepBarsController } from './stepBars';
import { StepStacks, TOKEN_KINDS, type StackedBar } from './stepStacks';
import type { Palette } from './theme';
import type { UsageState } from './usageState';

Chart.register(StepBarsController);

export class StepsChart {
  readonly chart: Chart;
  private readonly stacks: StepStacks;

  constructor(
    slot: HTMLElement,
    private readonly state: UsageState,
  ) {
    const stacks = (this.stacks = new StepStacks(state.rows, maxBuckets()));
    this.chart = makeChart(slot, 'Tokens per step', {
      type: StepBarsController.id,
      data: { datasets: TOKEN_KINDS.map(([, label], i) => ({ label, data: stacks.data[i], parsing: false })) },
      options: {
        ...baseOptions({
          // Bounds half a step out so the end bars are whole; their ticks (0.5, n + 0.5) are not steps.
          x: stepAxis(),
          y: { type: 'linear', beginAtZero: true, title: { display: true, text: 'tokens' } },
        }),
        plugins: {
          legend: {
            onClick: (_e: unknown, item: { datasetIndex?: number }) => this.toggle(item.datasetIndex),
            labels: { filter: (item: { datasetIndex?: number }) => stacks.present[item.datasetIndex ?? 0] },
          },
          tooltip: {
            callbacks: {
              title: (items: TooltipItem<'bar'>[]) => this.title(items),
              label: (item: TooltipItem<'bar'>) => this.label(item),
              footer: (items: TooltipItem<'bar'>[]) => this.footer(items),
            },
          },
        },
      },
    } as never);
  }

  /** Rows from `from` on changed: redoes their buckets and draws. */
  render(from: number): void {
    const rows = this.state.rows;
    const n = rows.length;
    showWords(this.chart, n ? undefined : NO_STEPS);
    this.stacks.update(from, this.shownKinds());
    const x = this.chart.options.scales!.x!;
    // The Timeline's range, when one is chosen, narrows the axis to its steps.
    const { count } = this.state.shown;
    const ranged = this.state.range && count > 0;
    x.min = n ? (ranged ? this.state.shownRow(0) : rows[0]).n - 0.5 : 0;
    x.max = n ? (ranged ? this.state.shownRow(count - 1) : rows[n - 1]).n + 0.5 : 1;
    this.chart.update('none');
    const last = this.stacks.data.map((d) => d.at(-1));
    describeDrawn(
      this.chart,
      last[0] && { step: last[0].x, ...Object.fromEntries(TOKEN_KINDS.map(([key], s) => [key, last[s]!.v])) },
      this.stacks.data[0].length,
    );
  }

  recolor(p: Palette): void {
    this.chart.data.datasets.forEach((d, i) => (d.backgroundColor = p[TOKEN_KINDS[i][0]]));
    applyTextColor(this.chart, p);
    this.chart.update('none');
  }

  private shownKinds(): boolean[] {
    return TOKEN_KINDS.map((_, s) => this.chart.isDatasetVisible(s));
  }

  /** A legend click: the kind is hidden or shown, and the others stack without it. */
  private toggle(index: number | undefined): void {
    if (index === undefined) return;
    this.chart.setDatasetVisibility(index, !this.chart.isDatasetVisible(index));
    this.stacks.stack(0, this.shownKinds());
    this.chart.update('none');
  }

  private title(items: TooltipItem<'bar'>[]): string {
    const step = (items[0]?.raw as StackedBar | undefined)?.x;
    if (step === undefined) return '';
    const bar = items[0].raw as StackedBar;
    if (bar.lo === bar.hi) return `Step ${step}`;
    return `Step ${step} (the largest of steps ${bar.lo}–${bar.hi})`;
  }

  /** What the step cost, under its tokens. */
  private footer(items: TooltipItem<'bar'>[]): string {
    const bar = items[0]?.raw as StackedBar | undefined;
    const row = bar && this.state.rows[bar.x - 1];
    return row ? `Cost: ${formatExactCost(row.cost)}` : '';
  }

  private label(item: TooltipItem<'bar'>): string {
    const bar = item.raw as StackedBar;
    const row = this.state.rows[bar.x - 1];
    const [key, label] = TOKEN_KINDS[item.datasetIndex];
    return `${label}: ${formatCount(row ? row[key] : bar.v)}`;
  }
}
