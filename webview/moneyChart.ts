// Money over time, above the lanes: the tree's cumulative cost with each session's share stacked (the costliest
// sessions each on their own, the rest together), and a dashed line at each budget that applies to one tree's
// line (store/timeline/budgetLines.ts says which, and why a window's may not). Drawn by hand on one canvas, on the
// lanes' time axis (timeAxis.ts: the same time at the same x), from the lanes at each draw (linear:
// store/timeline/costOverTime.ts): a live step redraws a few hundred points, where a chart library laid out its
// axes, legend and stacks again each time. What is drawn is written on the figure's data-* for tests.
import { formatCost, formatExactCost } from '../src/present/format';
import { budgetLines, type BudgetLine } from '../src/store/timeline/budgetLines';
import { costOverTime, type CostOverTime } from '../src/store/timeline/costOverTime';
import { moneyTickLabels, moneyTicks } from './moneyTicks';
import { clockOf, LABEL_W, plotEdges, timeToX, xToTime } from './timeAxis';
import type { Palette } from './theme';
import type { TimelineState } from './timelineState';

/** Points per series: about one per four pixels of a wide panel. */
const POINTS = 240;
const HEIGHT = 160;
const TOP = 8;
/** Below the plot: the time ticks. */
const BOTTOM = 20;
/** A budget up to this many times the tree's spend is within the axis. */
const BUDGET_REACH = 4;
const BUDGET_NAMES = { session: 'Session budget', hour: 'Hour budget', day: 'Day budget', week: 'Week budget' } as const;

export class MoneyChart {
  readonly figure = document.createElement('figure');
  private readonly canvas = document.createElement('canvas');
  private readonly words = document.createElement('p');
  private readonly legend = document.createElement('div');
  private palette?: Palette;
  private font = '12px sans-serif';
  private shownLegend = '';
  /** What the last draw drew, for the hover. */
  private drawn?: { money: CostOverTime; width: number };

  constructor(
    slot: HTMLElement,
    private readonly state: TimelineState,
    /** The lanes' width (CSS px): the same axis. */
    private readonly width: () => number,
  ) {
    this.figure.className = 'timeline-money';
    const caption = document.createElement('figcaption');
    caption.textContent = 'Money over time';
    this.words.className = 'chart-words';
    this.words.hidden = true;
    this.legend.className = 'timeline-legend';
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', 'Money over time');
    this.figure.append(caption, this.words, this.legend, this.canvas);
    slot.appendChild(this.figure);
    this.canvas.addEventListener('mousemove', (e) => this.hover(e));
    this.canvas.addEventListener('mouseleave', () => (this.figure.dataset.tooltip = ''));
  }

  recolor(p: Palette): void {
    this.palette = p;
    this.font = `12px ${getComputedStyle(document.body).fontFamily || 'sans-serif'}`;
    this.shownLegend = '';
  }

  draw(): void {
    const p = this.palette;
    const timeline = this.state.timeline;
    if (!p || !timeline) return;
    const view = this.state.view;
    const money = costOverTime(timeline.lanes, view, POINTS);
    const budgets = budgetLines(this.state.budgets, this.state.span);
    const nothing = !money.series.length;
    this.words.textContent = nothing ? 'Nothing spent yet.' : '';
    this.words.hidden = !nothing;
    this.canvas.hidden = nothing;
    this.figure.dataset.shown = nothing ? 'words' : 'chart';
    const width = this.width();
    const ctx = nothing ? null : this.sized(width);
    const sums = money.times.map((_, k) => money.series.reduce((sum, s) => sum + s.values[k], 0));
    const total = sums.at(-1) ?? 0;
    // The axis reaches the budgets up to a few times what the tree spent; one far above would flatten the shares
    // to a line at the bottom, so it is named in the legend as above the chart instead.
    const spent = Math.max(1e-9, ...sums);
    const inSight = budgets.drawn.filter((b) => b.usd <= spent * BUDGET_REACH);
    const ticks = moneyTicks(Math.max(spent, ...inSight.map((b) => b.usd)));
    const top = ticks[ticks.length - 1];
    if (ctx) this.paint(ctx, p, money, inSight, width, ticks);
    this.drawn = { money, width };
    this.showLegend(p, money, budgets.drawn, top, budgets.left);
    const d = this.figure.dataset;
    d.last = JSON.stringify({ total, series: money.series.length });
    d.points = String(money.times.length);
    d.budgets = JSON.stringify(budgets.drawn.map((b) => [b.name, b.usd]));
    d.budgetsAbove = JSON.stringify(budgets.drawn.filter((b) => b.usd > top).map((b) => b.name));
    d.budgetsLeftOut = JSON.stringify(budgets.left);
    d.view = JSON.stringify(view);
    d.plot = JSON.stringify(plotEdges(width));
    d.ticks = JSON.stringify(moneyTickLabels(ticks));
  }

  private sized(width: number): CanvasRenderingContext2D | null {
    const ratio = window.devicePixelRatio || 1;
    if (this.canvas.width !== Math.round(width * ratio) || this.canvas.height !== Math.round(HEIGHT * ratio)) {
      this.canvas.width = Math.round(width * ratio);
      this.canvas.height = Math.round(HEIGHT * ratio);
      this.canvas.style.width = `${width}px`;
      this.canvas.style.height = `${HEIGHT}px`;
    }
    const ctx = this.canvas.getContext('2d');
    ctx?.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx?.clearRect(0, 0, width, HEIGHT);
    return ctx;
  }

  private paint(
    ctx: CanvasRenderingContext2D,
    p: Palette,
    money: CostOverTime,
    budgets: BudgetLine[],
    width: number,
    ticks: number[],
  ): void {
    const top = ticks[ticks.length - 1];
    const x = timeToX(this.state.view, width);
    const { left, right } = plotEdges(width);
    const bottom = HEIGHT - BOTTOM;
    const y = (usd: number) => bottom - (usd / top) * (bottom - TOP);
    ctx.font = this.font;
    // The USD ticks in the label column, right-aligned against the plot; the grid across it.
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    const labels = moneyTickLabels(ticks);
    ticks.forEach((usd, i) => {
      ctx.fillStyle = p.grid;
      ctx.fillRect(left, Math.round(y(usd)), right - left, 1);
      ctx.fillStyle = p.text;
      ctx.fillText(labels[i], LABEL_W - 6, y(usd));
    });
    // The time ticks below, at the same x as on the lanes.
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    const times = Math.max(2, Math.min(8, Math.floor((right - left) / 110)));
    let said = '';
    for (let i = 0; i <= times; i++) {
      const t = this.state.view.start + ((this.state.view.end - this.state.view.start) * i) / times;
      // A window of a few seconds: a second is labelled once.
      if (clockOf(t) === said) continue;
      said = clockOf(t);
      ctx.fillText(said, Math.min(right - 30, Math.max(left + 30, x(t))), bottom + 4);
    }
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, 0, right - left, HEIGHT);
    ctx.clip();
    // Each share stacked on those before it: the band between the running sums.
    const below = new Array<number>(money.times.length).fill(0);
    money.series.forEach((s, i) => {
      ctx.beginPath();
      for (let k = 0; k < money.times.length; k++) ctx.lineTo(x(money.times[k]), y(below[k] + s.values[k]));
      for (let k = money.times.length - 1; k >= 0; k--) ctx.lineTo(x(money.times[k]), y(below[k]));
      ctx.closePath();
      ctx.fillStyle = colorOf(p, s.id, i);
      ctx.globalAlpha = 0.75;
      ctx.fill();
      for (let k = 0; k < below.length; k++) below[k] += s.values[k];
    });
    ctx.globalAlpha = 1;
    ctx.strokeStyle = p.limit;
    ctx.setLineDash([6, 4]);
    for (const b of budgets) {
      const by = Math.round(y(b.usd)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(left, by);
      ctx.lineTo(right, by);
      ctx.stroke();
    }
    ctx.restore();
  }

  /** The series and the budget lines, as HTML (text, never markup); written again only when it changed. */
  private showLegend(p: Palette, money: CostOverTime, budgets: BudgetLine[], top: number, left: string[]): void {
    const entries: Array<[string, string, boolean]> = money.series.map((s, i) => [s.title, colorOf(p, s.id, i), false]);
    for (const b of budgets)
      entries.push([`${BUDGET_NAMES[b.name]} (${formatCost(b.usd)}${b.usd > top ? ', above the chart' : ''})`, p.limit, true]);
    const note = left.length
      ? `Not drawn: ${left.map((n) => BUDGET_NAMES[n as keyof typeof BUDGET_NAMES].toLowerCase()).join(', ')} (the tree’s time crosses more than one of its windows).`
      : '';
    const key = JSON.stringify([entries, note]);
    if (key === this.shownLegend) return;
    this.shownLegend = key;
    // Entry by entry in the nodes there (a live step mostly reorders the shares): no new nodes to lay out.
    const items = this.legend.children;
    entries.forEach(([text, color, dashed], i) => {
      let item = items[i] as HTMLElement | undefined;
      if (!item?.firstElementChild) {
        item = document.createElement('span');
        item.append(document.createElement('span'), document.createTextNode(''));
        this.legend.insertBefore(item, items[i] ?? null);
      }
      const swatch = item.firstElementChild as HTMLElement;
      swatch.className = dashed ? 'swatch dashed' : 'swatch';
      swatch.style.background = dashed ? 'transparent' : color;
      swatch.style.borderColor = color;
      item.lastChild!.textContent = text;
    });
    while (items.length > entries.length) items[items.length - 1].remove();
    if (note) this.legend.append(Object.assign(document.createElement('span'), { textContent: note }));
    this.figure.dataset.legend = JSON.stringify(entries.map(([text]) => text));
  }

  /** The nearest point's time, each share and the total (written on the figure's data-tooltip, and as the title). */
  private hover(e: MouseEvent): void {
    const drawn = this.drawn;
    if (!drawn?.money.series.length) return;
    const rect = this.canvas.getBoundingClientRect();
    const t = xToTime(this.state.view, drawn.width, e.clientX - rect.left);
    const { times, series } = drawn.money;
    const span = Math.max(1, times[times.length - 1] - times[0]);
    const k = Math.min(times.length - 1, Math.max(0, Math.round(((t - times[0]) / span) * (times.length - 1))));
    const total = series.reduce((sum, s) => sum + s.values[k], 0);
    const lines = [
      clockOf(times[k]),
      ...series.map((s) => `${s.title}: ${formatExactCost(s.values[k])}`),
      `Total: ${formatExactCost(total)}`,
    ];
    this.canvas.title = lines.join('\n');
    this.figure.dataset.tooltip = JSON.stringify(lines);
  }
}

function colorOf(p: Palette, id: string | undefined, i: number): string {
  return id ? p.series[i % p.series.length] : p.grid;
}
