// The small charts drawn from the summary alone: cost by model, each session's share of the inclusive
// cost, and tokens and cost per day across the server. A few points each (the costliest models and sub-agents
// on their own, the rest as one); redrawn only when they changed. Their labels, values and words are
// chartShape.ts's: it says in words what a chart would show poorly (nothing yet, one model, no sub-agents).
import type { ChartDataset } from 'chart.js';
import { applyTextColor, baseOptions, Chart, makeChart, percentTicks, showWords } from './chartKit';
import { modelsData, sharesData, trendData, type ChartData } from './chartShape';
import type { Palette } from './theme';
import type { UsageState } from './usageState';

/** The thickest a bar of these charts is drawn (one day, one sub-agent: a bar, not a wall). */
const MAX_BAR_THICKNESS = 40;
/** A trend of this many days or fewer has its points drawn large. */
const FEW_DAYS = 3;

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
    showWords(this.chart, data.words);
    this.chart.data.labels = data.labels;
    data.series.forEach((values, i) => (this.chart.data.datasets[i].data = values));
    this.chart.update('none');
  }

  abstract recolor(p: Palette): void;

  protected abstract data(): ChartData;
}

export class ModelsChart extends SummaryChart {
  readonly chart: Chart;

  constructor(slot: HTMLElement, state: UsageState) {
    super(state);
    // Inner ring: recorded cost; outer ring: list-price estimates of steps OpenCode recorded at $0. A modest
    // size: a doughnut is read by its proportions, not by its area.
    this.chart = makeChart(
      slot,
      'Cost by model',
      {
        type: 'doughnut',
        data: {
          labels: [],
          datasets: [
            { label: 'Recorded', data: [] },
            { label: '≈ At list price', data: [] },
          ],
        },
        options: baseOptions(),
      },
      'small',
    );
  }

  protected data() {
    return modelsData(this.state.summary!);
  }

  recolor(p: Palette): void {
    for (const d of this.chart.data.datasets) {
      d.backgroundColor = p.series;
      // The slices' borders (and so the legend boxes') in the page's colour, not chart.js's white.
      d.borderColor = p.background;
    }
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
      data: { labels: [], datasets: [{ label: '% of Σ', data: [], maxBarThickness: MAX_BAR_THICKNESS }] },
      // No legend: the bars are named on their axis (a one-entry legend in one colour named none of them).
      options: {
        ...baseOptions({ x: { min: 0, max: 100, ticks: percentTicks() } }),
        indexAxis: 'y',
        plugins: { legend: { display: false } },
      },
    });
  }

  protected data() {
    return sharesData(this.state.summary!);
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
          { label: 'Tokens', data: [], yAxisID: 'tok', maxBarThickness: MAX_BAR_THICKNESS, order: 1 },
          // Over the bars (a lower order is drawn later), its points shown: a single day's cost is a dot.
          { type: 'line', label: 'Cost ($)', data: [], yAxisID: 'cost', pointRadius: 3, order: 0 } as unknown as ChartDataset<'bar'>,
        ],
      },
      options: baseOptions({
        tok: { position: 'left', beginAtZero: true },
        cost: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false } },
      }),
    });
  }

  render(): void {
    // A trend of a few days is a few points: drawn large enough to be seen, not as specks on a wide chart.
    const days = this.state.summary?.days.length ?? 0;
    (this.chart.data.datasets[1] as { pointRadius?: number }).pointRadius = days <= FEW_DAYS ? 6 : 3;
    super.render();
  }

  protected data() {
    return trendData(this.state.summary!);
  }

  recolor(p: Palette): void {
    this.chart.data.datasets[0].backgroundColor = p.input;
    this.chart.data.datasets[1].borderColor = p.cost;
    this.chart.data.datasets[1].backgroundColor = p.cost;
    applyTextColor(this.chart, p);
    this.chart.update('none');
  }
}
