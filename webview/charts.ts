// The panel's charts. Created once; new data goes into the same Chart objects (`update('none')`), so a
// live step moves the charts without rebuilding them. Only the chart.js parts used here are registered.
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type ChartDataset,
} from 'chart.js';
import { formatCount } from '../src/present/format';
import type { StepRow, UsageSummary } from './protocol';
import { palette, type Palette } from './theme';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, DoughnutController, ArcElement, CategoryScale, LinearScale, Legend, Tooltip);

const KINDS = [
  ['input', 'Input'],
  ['output', 'Output'],
  ['reasoning', 'Reasoning'],
  ['cacheRead', 'Cache read'],
  ['cacheWrite', 'Cache write'],
] as const;

type Point = number | null;

export class UsageCharts {
  private readonly steps: Chart;
  private readonly timeline: Chart;
  private readonly models: Chart;
  private readonly shares: Chart;
  private readonly trend: Chart;
  private rows: StepRow[] = [];

  constructor(slots: { steps: HTMLElement; timeline: HTMLElement; models: HTMLElement; shares: HTMLElement; trend: HTMLElement }) {
    const p = palette();
    this.steps = make(slots.steps, 'Tokens per step', {
      type: 'bar',
      data: { labels: [], datasets: KINDS.map(([key, label]) => ({ label, data: [], backgroundColor: p[key], stack: 'tokens' })) },
      options: base({ x: { stacked: true }, y: { stacked: true, beginAtZero: true, title: { display: true, text: 'tokens' } } }),
    });
    this.timeline = make(slots.timeline, 'Cost and context over the session', {
      type: 'line',
      data: {
        labels: [],
        datasets: [
          { label: 'Cumulative cost ($)', data: [], yAxisID: 'cost', pointRadius: 0 },
          { label: 'Context %', data: [], yAxisID: 'pct', pointRadius: 0 },
          { label: 'Model limit', data: [], yAxisID: 'pct', borderDash: [6, 4], pointRadius: 0 },
          { label: 'Compaction threshold', data: [], yAxisID: 'pct', borderDash: [2, 3], pointRadius: 0 },
          { label: 'Compaction', data: [], yAxisID: 'pct', showLine: false, pointStyle: 'triangle', pointRadius: 8 },
        ],
      },
      options: base({
        cost: { position: 'left', beginAtZero: true, title: { display: true, text: 'USD' } },
        pct: { position: 'right', min: 0, suggestedMax: 100, grid: { drawOnChartArea: false }, title: { display: true, text: 'context %' } },
      }),
    });
    // Inner ring: recorded cost; outer ring: list-price estimates of steps OpenCode recorded at $0.
    this.models = make(slots.models, 'Cost by model', { type: 'doughnut', data: { labels: [], datasets: [{ label: 'Recorded', data: [] }, { label: '≈ At list price', data: [] }] }, options: base() });
    this.shares = make(slots.shares, 'Share of the inclusive cost', {
      type: 'bar',
      data: { labels: [], datasets: [{ label: '% of inclusive cost', data: [] }] },
      options: { ...base({ x: { min: 0, max: 100 } }), indexAxis: 'y' },
    });
    this.trend = make(slots.trend, 'Tokens and cost per day (all sessions of the server)', {
      type: 'bar',
      data: { labels: [], datasets: [{ label: 'Tokens', data: [], yAxisID: 'tok' }, { type: 'line', label: 'Cost ($)', data: [], yAxisID: 'cost' } as unknown as ChartDataset<'bar'>] },
      options: base({ tok: { position: 'left', beginAtZero: true }, cost: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false } } }),
    });
    this.recolor();
  }

  /** Rows from `from` on are replaced by `rows` (all of them for a full report). */
  setSteps(summary: UsageSummary, from: number, rows: readonly StepRow[]): void {
    this.rows.length = from;
    this.rows.push(...rows);
    const labels = this.steps.data.labels as string[];
    labels.length = from;
    for (const r of rows) labels.push(String(r.n));
    KINDS.forEach(([key], i) => replaceFrom(this.steps.data.datasets[i].data as Point[], from, rows.map((r) => r[key])));
    this.steps.update('none');

    this.timeline.data.labels = labels;
    const [cost, context, limit, threshold, marks] = this.timeline.data.datasets.map((d) => d.data as Point[]);
    let sum = from > 0 ? (cost[from - 1] ?? 0) : 0;
    replaceFrom(cost, from, rows.map((r) => (sum += r.cost)));
    replaceFrom(context, from, rows.map((r) => (r.context === undefined ? null : r.context * 100)));
    const n = this.rows.length;
    replaceFrom(limit, 0, summary.contextLimit ? Array(n).fill(100) : []);
    replaceFrom(threshold, 0, Array(n).fill(summary.threshold * 100));
    const compacted = new Set(summary.compactions);
    replaceFrom(marks, 0, this.rows.map((r) => (compacted.has(r.n) ? (r.context ?? summary.threshold) * 100 : null)));
    this.timeline.data.datasets[2].label = summary.contextLimit ? `Model limit (${formatCount(summary.contextLimit)} tokens)` : 'Model limit';
    this.timeline.data.datasets[3].label = `Compaction threshold (${Math.round(summary.threshold * 100)} %)`;
    this.timeline.update('none');
    this.setSummary(summary);
  }

  private setSummary(summary: UsageSummary): void {
    this.models.data.labels = summary.byModel.map((m) => m.label);
    this.models.data.datasets[0].data = summary.byModel.map((m) => m.usage.cost);
    this.models.data.datasets[1].data = summary.byModel.map((m) => m.listCost ?? 0);
    this.models.update('none');
    const total = summary.inclusive.cost || 1;
    this.shares.data.labels = ['This session', ...summary.children.map((c) => c.label)];
    this.shares.data.datasets[0].data = [summary.own.cost, ...summary.children.map((c) => c.usage.cost)].map((c) => (100 * c) / total);
    this.shares.update('none');
    this.trend.data.labels = summary.days.map((d) => d.day);
    this.trend.data.datasets[0].data = summary.days.map((d) => d.tokens);
    this.trend.data.datasets[1].data = summary.days.map((d) => d.cost);
    this.trend.update('none');
  }

  /** Applies the current theme's colours to every chart. */
  recolor(): void {
    const p = palette();
    Chart.defaults.color = p.text;
    Chart.defaults.borderColor = p.grid;
    this.steps.data.datasets.forEach((d, i) => (d.backgroundColor = p[KINDS[i][0]]));
    const line = [p.cost, p.context, p.limit, p.threshold, p.marker];
    this.timeline.data.datasets.forEach((d, i) => {
      d.borderColor = line[i];
      d.backgroundColor = line[i];
    });
    this.models.data.datasets[0].backgroundColor = p.series;
    this.models.data.datasets[1].backgroundColor = p.series;
    this.shares.data.datasets[0].backgroundColor = p.series;
    this.trend.data.datasets[0].backgroundColor = p.input;
    this.trend.data.datasets[1].borderColor = p.cost;
    this.trend.data.datasets[1].backgroundColor = p.cost;
    for (const chart of [this.steps, this.timeline, this.models, this.shares, this.trend]) {
      applyTextColor(chart, p);
      chart.update('none');
    }
  }
}

function make(slot: HTMLElement, title: string, config: ChartConfiguration): Chart {
  const figure = document.createElement('figure');
  const caption = document.createElement('figcaption');
  caption.textContent = title;
  const box = document.createElement('div');
  box.className = 'chart-box';
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', title);
  box.appendChild(canvas);
  figure.append(caption, box);
  slot.appendChild(figure);
  return new Chart(canvas, config);
}

function base(scales?: Record<string, object>): ChartConfiguration['options'] {
  return { responsive: true, maintainAspectRatio: false, animation: false, normalized: true, interaction: { mode: 'index', intersect: false }, scales };
}

function applyTextColor(chart: Chart, p: Palette): void {
  for (const scale of Object.values(chart.options.scales ?? {})) {
    if (!scale) continue;
    scale.ticks = { ...scale.ticks, color: p.text };
    scale.grid = { ...scale.grid, color: p.grid };
    if ('title' in scale && scale.title) scale.title = { ...scale.title, color: p.text };
  }
  const plugins = (chart.options.plugins ??= {});
  plugins.legend = { ...plugins.legend, labels: { ...plugins.legend?.labels, color: p.text } };
}

function replaceFrom(target: Point[], from: number, values: readonly Point[]): void {
  target.length = from;
  for (const v of values) target.push(v);
}
