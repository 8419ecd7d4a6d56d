// The small charts drawn from the summary alone: cost by model, each session's share of the inclusive
// cost, and tokens and cost per day across the server. A few points each; redrawn only when they changed.
import type { ChartDataset } from 'chart.js';
import { applyTextColor, baseOptions, Chart, makeChart } from './chartKit';
import type { Palette } from './theme';
import type { UsageState } from './usageState';

abstract class SummaryChart {
  abstract readonly chart: Chart;
  private drawn = '';

  constructor(protected readonly state: UsageState) {}

  render(): void {
    const summary = this.state.summary;
    if (!summary) return;
    const data = this.data();
    const key = JSON.stringify(data);
    if (key === this.drawn) return;
    this.drawn = key;
    this.chart.data.labels = data.labels;
    data.series.forEach((values, i) => (this.chart.data.datasets[i].data = values));
    this.chart.update('none');
  }

  abstract recolor(p: Palette): void;

  protected abstract data(): { labels: string[]; series: number[][] };
}

export class ModelsChart extends SummaryChart {
  readonly chart: Chart;

  constructor(slot: HTMLElement, state: UsageState) {
    super(state);
    // Inner ring: recorded cost; outer ring: list-price estimates of steps OpenCode recorded at $0.
    this.chart = makeChart(slot, 'Cost by model', {
      type: 'doughnut',
      data: {
        labels: [],
        datasets: [
          { label: 'Recorded', data: [] },
          { label: '≈ At list price', data: [] },
        ],
      },
      options: baseOptions(),
    });
  }

  protected data() {
    const byModel = this.state.summary!.byModel;
    return { labels: byModel.map((m) => m.label), series: [byModel.map((m) => m.usage.cost), byModel.map((m) => m.listCost ?? 0)] };
  }

  recolor(p: Palette): void {
    this.chart.data.datasets[0].backgroundColor = p.series;
    this.chart.data.datasets[1].backgroundColor = p.series;
    applyTextColor(this.chart, p);
    this.chart.update('none');
  }
}

export class SharesChart extends SummaryChart {
  readonly chart: Chart;

  constructor(slot: HTMLElement, state: UsageState) {
    super(state);
    this.chart = makeChart(slot, 'Share of Σ (the cost with sub-agents)', {
      type: 'bar',
      data: { labels: [], datasets: [{ label: '% of Σ', data: [] }] },
      options: { ...baseOptions({ x: { min: 0, max: 100 } }), indexAxis: 'y' },
    });
  }

  protected data() {
    const s = this.state.summary!;
    const total = s.inclusive.cost || 1;
    return {
      labels: ['This session', ...s.children.map((c) => c.label)],
      series: [[s.own.cost, ...s.children.map((c) => c.usage.cost)].map((c) => (100 * c) / total)],
    };
  }

  recolor(p: Palette): void {
    this.chart.data.datasets[0].backgroundColor = p.series;
    applyTextColor(this.chart, p);
    this.chart.update('none');
  }
}

export class TrendChart extends SummaryChart {
  readonly chart: Chart;

  constructor(slot: HTMLElement, state: UsageState) {
    super(state);
    this.chart = makeChart(slot, 'Tokens and cost per day (all sessions of the server)', {
      type: 'bar',
      data: {
        labels: [],
        datasets: [
          { label: 'Tokens', data: [], yAxisID: 'tok' },
          { type: 'line', label: 'Cost ($)', data: [], yAxisID: 'cost' } as unknown as ChartDataset<'bar'>,
        ],
      },
      options: baseOptions({
        tok: { position: 'left', beginAtZero: true },
        cost: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false } },
      }),
    });
  }

  protected data() {
    const days = this.state.summary!.days;
    return { labels: days.map((d) => d.day), series: [days.map((d) => d.tokens), days.map((d) => d.cost)] };
  }

  recolor(p: Palette): void {
    this.chart.data.datasets[0].backgroundColor = p.input;
    this.chart.data.datasets[1].borderColor = p.cost;
    this.chart.data.datasets[1].backgroundColor = p.cost;
    applyTextColor(this.chart, p);
    this.chart.update('none');
  }
}
