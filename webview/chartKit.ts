// The chart.js parts the panel uses (only those are registered), one way to put a chart on the page, and
// the options every chart shares: no animation, and theme colours for text and grid lines.
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
} from 'chart.js';
import type { Palette } from './theme';

Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  DoughnutController,
  ArcElement,
  CategoryScale,
  LinearScale,
  Legend,
  Tooltip,
);

export { Chart };

/** At most this many buckets per chart: about one per two CSS pixels of the page's width. */
export function maxBuckets(): number {
  return Math.max(200, Math.round((globalThis.innerWidth || 1280) / 2));
}

/** `size`: 'fill' shares the tab's height with the other filling charts; 'small' keeps a modest fixed height. */
export function makeChart(slot: HTMLElement, title: string, config: ChartConfiguration, size: 'fill' | 'small' = 'fill'): Chart {
  const figure = document.createElement('figure');
  figure.className = size;
  const caption = document.createElement('figcaption');
  caption.textContent = title;
  const words = document.createElement('p');
  words.className = 'chart-words';
  words.hidden = true;
  const box = document.createElement('div');
  box.className = 'chart-box';
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', title);
  box.appendChild(canvas);
  figure.append(caption, words, box);
  slot.appendChild(figure);
  return new Chart(canvas, config);
}

/**
 * A sentence in place of the chart (`text`), when a chart would say less than words: no data yet, a single
 * model; undefined shows the chart again. The figure's `data-shown` says which ('words' or 'chart'), for tests.
 */
export function showWords(chart: Chart, text: string | undefined): void {
  const figure = chart.canvas.closest('figure');
  const words = figure?.querySelector<HTMLElement>('.chart-words');
  const box = chart.canvas.parentElement;
  if (!figure || !words || !box) return;
  words.textContent = text ?? '';
  words.hidden = text === undefined;
  box.hidden = text !== undefined;
  figure.dataset.shown = text === undefined ? 'chart' : 'words';
}

/**
 * Writes what a chart draws last on its figure, for tests (a canvas has no DOM to read): `data-last`, JSON
 * of the last point's exact values, and `data-points`, how many points it draws. One small write per draw.
 */
export function describeDrawn(chart: Chart, last: object | undefined, points: number): void {
  const figure = chart.canvas.closest('figure');
  if (!figure) return;
  figure.dataset.last = last ? JSON.stringify(last) : '';
  figure.dataset.points = String(points);
}

/** `data-last-x`: where the last point of a chart's first dataset is, in CSS pixels from the canvas' left
 * edge, after every layout (a chart drawn while its tab was hidden is laid out again once shown); and
 * `data-legend`: JSON of the legend's entries as drawn (their text and colour); `data-ticks`: JSON of each axis's
 * tick labels as drawn, by axis id; `data-point-radius`: JSON of each dataset's point radius as drawn (0 for bars). */
Chart.register({
  id: 'describeLastX',
  afterUpdate(chart: Chart) {
    const figure = chart.canvas.closest('figure');
    if (!figure) return;
    figure.dataset.lastX = String(chart.getDatasetMeta(0).data.at(-1)?.x ?? '');
    const shown = chart.options.plugins?.legend?.display !== false;
    figure.dataset.legend = JSON.stringify(shown ? (chart.legend?.legendItems ?? []).map((i) => [i.text, i.fillStyle]) : []);
    figure.dataset.ticks = JSON.stringify(
      Object.fromEntries(Object.entries(chart.scales).map(([id, scale]) => [id, scale.ticks.map((t) => String(t.label ?? ''))])),
    );
    figure.dataset.pointRadius = JSON.stringify(
      chart.data.datasets.map((_, i) => Number((chart.getDatasetMeta(i).data[0]?.options as { radius?: number } | undefined)?.radius ?? 0)),
    );
  },
});

/** The tooltip shown, as text on its figure (`data-tooltip`: JSON of its title, body and footer lines), for tests. */
function recordTooltip({
  chart,
  tooltip,
}: {
  chart: Chart;
  tooltip: { opacity: number; title: string[]; body: Array<{ lines: string[] }>; footer?: string[] };
}): void {
  const figure = chart.canvas.closest('figure');
  if (!figure) return;
  const lines = [...tooltip.title, ...tooltip.body.flatMap((b) => b.lines), ...(tooltip.footer ?? [])];
  figure.dataset.tooltip = tooltip.opacity ? JSON.stringify(lines) : '';
}

Chart.defaults.plugins.tooltip.external = recordTooltip;
// A legend names only what is drawn: no entry for a dataset without points (no "Compaction" in a session that
// had none, no model limit when it is unknown).
Chart.defaults.plugins.legend.labels.filter = (item, data) =>
  item.datasetIndex === undefined || (data.datasets[item.datasetIndex]?.data.length ?? 0) > 0;

export function baseOptions(scales?: Record<string, object>): ChartConfiguration['options'] {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    normalized: true,
    interaction: { mode: 'index', intersect: false },
    scales,
  };
}

/** An axis of percents (0–100): its ticks say so. */
export function percentTicks(): object {
  return { callback: (value: number | string) => `${value} %` };
}

/** The x axis of charts by step: linear, with ticks only on whole steps (its bounds may sit half a step out). */
export function stepAxis(): object {
  return {
    type: 'linear',
    ticks: { precision: 0 },
    afterBuildTicks: (axis: { ticks: Array<{ value: number }> }) => void (axis.ticks = axis.ticks.filter((t) => Number.isInteger(t.value))),
    title: { display: true, text: 'step' },
  };
}

export function applyTextColor(chart: Chart, p: Palette): void {
  for (const scale of Object.values(chart.options.scales ?? {})) {
    if (!scale) continue;
    scale.ticks = { ...scale.ticks, color: p.text };
    scale.grid = { ...scale.grid, color: p.grid };
    if ('title' in scale && scale.title) scale.title = { ...scale.title, color: p.text };
  }
  const plugins = (chart.options.plugins ??= {});
  plugins.legend = { ...plugins.legend, labels: { ...plugins.legend?.labels, color: p.text } };
}

/** Chart.defaults follow the theme too (legends and ticks of charts made later). */
export function applyDefaults(p: Palette): void {
  Chart.defaults.color = p.text;
  Chart.defaults.borderColor = p.grid;
}
