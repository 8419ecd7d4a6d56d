// Money over time, above the lanes: the tree's cumulative cost with each session's share stacked (the costliest
// sessions each on their own, the rest together), and the session budget as a line where one is set. Over the
// same window of time as the lanes; recomputed from the lanes at each draw (linear: store/timeline/costOverTime.ts).
import { Filler, type TooltipItem } from 'chart.js';
import { formatExactCost } from '../src/present/format';
import { costOverTime } from '../src/store/timeline/costOverTime';
import { applyTextColor, baseOptions, Chart, describeDrawn, makeChart, showWords } from './chartKit';
import type { Palette } from './theme';
import type { TimelineState } from './timelineState';

Chart.register(Filler);

/** Points per series: about one per four pixels of a wide panel. */
const POINTS = 240;

type XY = { x: number; y: number };

export class MoneyChart {
  readonly chart: Chart;
  private palette?: Palette;
  /** The series drawn (their ids and the budget): while it stays, a draw changes points only. */
  private shape = '';

  constructor(
    slot: HTMLElement,
    private readonly state: TimelineState,
  ) {
    this.chart = makeChart(
      slot,
      'Money over time',
      {
        type: 'line',
        data: { datasets: [] },
        options: {
          ...baseOptions({
            x: { type: 'linear', ticks: { callback: (v: number | string) => clockOf(Number(v)), maxTicksLimit: 8 } },
            y: { type: 'linear', stacked: true, beginAtZero: true, title: { display: true, text: 'USD' } },
          }),
          interaction: { mode: 'nearest', axis: 'x', intersect: false },
          plugins: {
            tooltip: {
              callbacks: {
                title: (items: TooltipItem<'line'>[]) => clockOf((items[0]?.raw as XY | undefined)?.x ?? 0),
                label: (item: TooltipItem<'line'>) => `${item.dataset.label ?? ''}: ${formatExactCost((item.raw as XY).y)}`,
              },
            },
          },
        },
      } as never,
      'small',
    );
  }

  recolor(p: Palette): void {
    this.palette = p;
    this.shape = '';
    applyTextColor(this.chart, p);
    this.draw();
  }

  draw(): void {
    const p = this.palette;
    const timeline = this.state.timeline;
    if (!p || !timeline) return;
    const money = costOverTime(timeline.lanes, this.state.view, POINTS);
    const budget = this.state.budget;
    showWords(this.chart, money.series.length ? undefined : 'Nothing spent yet.');
    // The same series as drawn (the usual live step): their points change in place, so chart.js keeps its
    // datasets (a new array of datasets makes it build every one again).
    const shape = [...money.series.map((s) => s.id ?? s.title), budget ?? ''].join('\u0000');
    if (shape === this.shape) {
      money.series.forEach((s, i) => {
        const data = this.chart.data.datasets[i].data as XY[];
        for (let k = 0; k < s.values.length; k++) {
          data[k].x = money.times[k];
          data[k].y = s.values[k];
        }
      });
      if (budget) {
        const data = this.chart.data.datasets[money.series.length].data as XY[];
        data[0].x = this.state.view.start;
        data[1].x = this.state.view.end;
      }
      this.finish(money, budget);
      return;
    }
    this.shape = shape;
    const datasets: object[] = money.series.map((s, i) => {
      const color = s.id ? p.series[i % p.series.length] : p.grid;
      return {
        label: s.title,
        data: s.values.map((y, k) => ({ x: money.times[k], y })),
        parsing: false,
        pointRadius: 0,
        borderWidth: 1,
        borderColor: color,
        backgroundColor: color,
        fill: i === 0 ? 'origin' : '-1',
        stack: 'money',
      };
    });
    if (budget)
      datasets.push({
        label: `Session budget (${formatExactCost(budget)})`,
        data: [
          { x: this.state.view.start, y: budget },
          { x: this.state.view.end, y: budget },
        ],
        parsing: false,
        pointRadius: 0,
        borderDash: [6, 4],
        borderColor: p.limit,
        backgroundColor: p.limit,
        fill: false,
        stack: 'budget',
      });
    this.chart.data.datasets = datasets as never;
    this.finish(money, budget);
  }

  private finish(money: ReturnType<typeof costOverTime>, budget: number | undefined): void {
    const x = this.chart.options.scales!.x!;
    x.min = this.state.view.start;
    x.max = this.state.view.end;
    this.chart.update('none');
    const total = money.series.reduce((sum, s) => sum + (s.values.at(-1) ?? 0), 0);
    describeDrawn(this.chart, { total, series: money.series.length, budget: budget ?? null }, money.times.length);
  }
}

function clockOf(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}
