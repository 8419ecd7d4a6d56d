// The lanes: one row per session, indented under its parent; each step a bar from its start to its end, coloured
// by its model or agent; waits as bands and instants (errors, aborts, compactions) as ticks; a parent's step that
// started a sub-agent linked down to the child's lane. Painted on one canvas by lanePaint.ts (at most one bar per
// pixel column of a lane), hovered and dragged by hand: the hover (laneText.ts) names the step's tokens, cost and
// tool calls; a drag selects a range; the wheel zooms and pans (and stops following the present). What is drawn is
// also written on the element's data-* for tests (a canvas has no DOM; laneMarks.ts): data-lanes, data-bars (small
// trees), data-marks (each lane's first) and data-marks-more, data-links.
import { pastParents } from '../src/store/timeline/pastParent';
import type { TimelineBar, TimelineMarkKind } from '../src/store/timeline/timelineTypes';
import { LaneColors } from './laneColors';
import { describeLanes } from './laneMarks';
import { LANE_H, lanesInSight, paintBars, paintLinks, paintMarks } from './lanePaint';
import { cutLabel, hoverAt, labelLines } from './laneText';
import type { Palette } from './theme';
import { LABEL_W, plotEdges, timeToX, xToTime } from './timeAxis';
import type { TimelineState } from './timelineState';
import type { TimeRange } from './usageState';

const INDENT = 12;

export type ColorBy = 'model' | 'agent';

export class LaneCanvas {
  readonly element = document.createElement('div');
  private readonly canvas = document.createElement('canvas');
  private readonly tip = document.createElement('div');
  private palette?: Palette;
  private colorBy: ColorBy = 'model';
  /** Colour per model or agent, in the order first met (kept across draws, so colours do not move). */
  private colors = new LaneColors([], '');
  private drag?: { from: number; to: number };
  private selection?: TimeRange;
  /** The element's width as last observed (read once per resize, not per draw: a read forces a layout). */
  private width = 0;
  private font = '12px sans-serif';
  private redrawing = false;
  /** Labels as cut to their room (label()). */
  private readonly labels = new Map<string, string>();

  constructor(
    private readonly state: TimelineState,
    private readonly onRange: (range: TimeRange | undefined) => void,
    private readonly onView: () => void,
  ) {
    this.element.className = 'timeline-lanes';
    this.tip.className = 'timeline-tip';
    this.tip.hidden = true;
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', 'Sessions over time');
    this.element.append(this.canvas, this.tip);
    this.canvas.addEventListener('mousemove', (e) => this.hover(e));
    this.canvas.addEventListener('mouseleave', () => this.hideTip());
    this.canvas.addEventListener('mousedown', (e) => this.startDrag(e));
    window.addEventListener('mouseup', (e) => this.endDrag(e));
    this.canvas.addEventListener('wheel', (e) => this.wheel(e), { passive: false });
    // A wider or narrower panel: drawn again to its width, the money chart too (a draw that keeps the size raises
    // no further resize).
    new ResizeObserver(() => {
      if (this.element.clientWidth === this.width) return;
      this.width = this.element.clientWidth;
      this.onView();
    }).observe(this.element);
    document.addEventListener(
      'scroll',
      (e) => {
        if (e.target instanceof Node && e.target.contains(this.element)) this.redrawSoon();
      },
      { capture: true, passive: true },
    );
    window.addEventListener('resize', () => this.redrawSoon());
  }

  setPalette(p: Palette): void {
    this.palette = p;
    this.font = `12px ${getComputedStyle(document.body).fontFamily || 'sans-serif'}`;
    this.colors = new LaneColors(p.series, p.grid);
  }

  setColorBy(by: ColorBy): void {
    this.colorBy = by;
    this.resetColors();
  }

  /** Colours met anew (another session's tree: its models take the named colours, not the last tree's). */
  resetColors(): void {
    if (this.palette) this.colors = new LaneColors(this.palette.series, this.palette.grid);
  }

  /** The keys (models or agents) as coloured now, for the legend: a few named, the rest counted. */
  legend(): Array<[string, string]> {
    return this.colors.legend();
  }

  setSelection(range: TimeRange | undefined): void {
    this.selection = range;
  }

  /** The canvas' width in CSS px: the element's, as last observed (the money chart draws on the same axis). */
  plotWidth(): number {
    this.width ||= this.element.clientWidth;
    return Math.max(LABEL_W + 100, this.width || 800);
  }

  /** `describe`: write what is drawn on the element for tests (not on a scroll, which moves no lane). */
  draw(describe = true): void {
    const p = this.palette;
    const timeline = this.state.timeline;
    if (!p || !timeline) return;
    const lanes = timeline.lanes;
    const width = this.plotWidth();
    const total = lanes.length * LANE_H + 4;
    if (this.element.style.height !== `${total}px`) this.element.style.height = `${total}px`;
    // The canvas is at most as high as the window and sticks to the top of what scrolls: only the lanes in sight
    // are drawn, and a tree of many sessions makes no taller bitmap to paint at each live step.
    const height = Math.min(total, Math.max(100, window.innerHeight));
    const ratio = window.devicePixelRatio || 1;
    if (this.canvas.width !== Math.round(width * ratio) || this.canvas.height !== Math.round(height * ratio)) {
      this.canvas.width = Math.round(width * ratio);
      this.canvas.height = Math.round(height * ratio);
      this.canvas.style.width = `${width}px`;
      this.canvas.style.height = `${height}px`;
    }
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    // From here on in the lanes' coordinates: y from the element's top, the canvas showing [offset, offset + height).
    const offset = this.offset(total, height);
    ctx.setTransform(ratio, 0, 0, ratio, 0, -offset * ratio);
    ctx.clearRect(0, offset, width, height);
    const x = timeToX(this.state.view, width);
    ctx.font = this.font;
    ctx.textBaseline = 'middle';
    const { first, last } = lanesInSight(lanes.length, offset, height);
    const markColorOf = (kind: TimelineMarkKind) => markColor(kind, p);
    const past = pastParents(lanes);
    for (let i = first; i <= last; i++) {
      const { lane, depth } = lanes[i];
      const top = i * LANE_H + 2;
      ctx.fillStyle = p.grid;
      ctx.fillRect(LABEL_W, top + LANE_H - 2, width - LABEL_W, 1);
      ctx.fillStyle = p.text;
      ctx.save();
      ctx.beginPath();
      ctx.rect(0, top, LABEL_W - 6, LANE_H);
      ctx.clip();
      // fillText draws text, never markup: a title is shown as the characters it is. One too long for the label
      // column ends in an ellipsis (the hover says it whole).
      ctx.fillText(this.label(ctx, lane.title || lane.id, depth), 4 + depth * INDENT, top + LANE_H / 2);
      ctx.restore();
      ctx.save();
      ctx.beginPath();
      ctx.rect(LABEL_W, offset, width - LABEL_W, height);
      ctx.clip();
      paintBars(ctx, lane.bars, this.state.view, top, x, (bar) => this.colorOf(bar));
      // A parent's waits on its sub-agents first: its own waits inside them (a permission) are drawn over them.
      if (lanes[i].waits) paintMarks(ctx, lanes[i].waits!, top, x, markColorOf);
      paintMarks(ctx, lane.marks, top, x, markColorOf);
      // Where its parent ended, on a lane recorded running past it: a dashed line (the hover says why, pastParent.ts).
      const ended = past.get(lane.id)?.parentEnd;
      if (ended !== undefined) {
        ctx.strokeStyle = p.text;
        ctx.setLineDash([2, 2]);
        ctx.beginPath();
        ctx.moveTo(Math.round(x(ended)) + 0.5, top);
        ctx.lineTo(Math.round(x(ended)) + 0.5, top + LANE_H - 4);
        ctx.stroke();
        ctx.setLineDash([]);
      }
      ctx.restore();
    }
    ctx.save();
    ctx.beginPath();
    ctx.rect(LABEL_W, offset, width - LABEL_W, height);
    ctx.clip();
    ctx.strokeStyle = p.text;
    ctx.globalAlpha = 0.7;
    paintLinks(ctx, timeline, x, p.text);
    ctx.restore();
    const shown = this.drag
      ? { start: Math.min(this.drag.from, this.drag.to), end: Math.max(this.drag.from, this.drag.to) }
      : this.selection;
    if (shown) {
      ctx.fillStyle = p.context;
      ctx.globalAlpha = 0.18;
      ctx.fillRect(x(shown.start), offset, Math.max(1, x(shown.end) - x(shown.start)), height);
      ctx.globalAlpha = 1;
    }
    if (describe) this.describe(width);
  }

  /** Where the sticky canvas is in the lanes: CSS px from the element's top to the canvas' top. */
  private offset(total: number, height: number): number {
    const gap = this.canvas.getBoundingClientRect().top - this.element.getBoundingClientRect().top;
    return Math.max(0, Math.min(total - height, Math.round(gap)));
  }

  /** A scroll or a taller window shows other lanes: drawn once at the next frame. */
  private redrawSoon(): void {
    if (this.redrawing) return;
    this.redrawing = true;
    requestAnimationFrame(() => {
      this.redrawing = false;
      this.draw(false);
    });
  }

  /** The label as drawn in its room (less at each depth): cut with an ellipsis, kept per title and room (measuring costs). */
  private label(ctx: CanvasRenderingContext2D, title: string, depth: number): string {
    const key = this.labelKey(title, depth);
    let shown = this.labels.get(key);
    if (shown === undefined) {
      const room = LABEL_W - 10 - depth * INDENT;
      shown = cutLabel(title, (s) => ctx.measureText(s).width <= room);
      if (this.labels.size > 4000) this.labels.clear();
      this.labels.set(key, shown);
    }
    return shown;
  }

  /** A fork's copy of its original's step is drawn in the grid's colour: not this tree's work or money. */
  private colorOf(bar: TimelineBar): string {
    if (bar.copied && this.palette) return this.palette.grid;
    return this.colors.colorOf((this.colorBy === 'model' ? bar.model : bar.agent) || 'unknown');
  }

  private timeAt(clientX: number): number {
    const rect = this.canvas.getBoundingClientRect();
    return xToTime(this.state.view, rect.width, clientX - rect.left);
  }

  private hover(e: MouseEvent): void {
    if (this.drag) {
      this.drag.to = this.timeAt(e.clientX);
      this.draw();
      return;
    }
    const lanes = this.state.timeline?.lanes ?? [];
    // The lanes' coordinates are the element's (the canvas sticks within it).
    const rect = this.element.getBoundingClientRect();
    const placed = lanes[Math.floor((e.clientY - rect.top - 2) / LANE_H)];
    const t = this.timeAt(e.clientX);
    if (!placed) return this.hideTip();
    const slack = (this.state.view.end - this.state.view.start) / 400;
    // Over the label: the session's whole title (a long one is cut there).
    const past = pastParents(lanes).get(placed.lane.id);
    const lines = e.clientX - rect.left < LABEL_W ? labelLines(placed.lane, past) : hoverAt(placed, t, slack, past);
    if (!lines) return this.hideTip();
    this.tip.replaceChildren(...lines.map((text) => Object.assign(document.createElement('div'), { textContent: text })));
    this.tip.hidden = false;
    this.tip.style.left = `${Math.min(e.clientX - rect.left + 12, rect.width - 260)}px`;
    this.tip.style.top = `${e.clientY - rect.top + 12}px`;
    this.element.dataset.tooltip = JSON.stringify(lines);
  }

  private hideTip(): void {
    this.tip.hidden = true;
    this.element.dataset.tooltip = '';
  }

  private startDrag(e: MouseEvent): void {
    if (e.button !== 0) return;
    const t = this.timeAt(e.clientX);
    this.drag = { from: t, to: t };
  }

  private endDrag(e: MouseEvent): void {
    const drag = this.drag;
    if (!drag) return;
    this.drag = undefined;
    drag.to = this.timeAt(e.clientX);
    const rect = this.canvas.getBoundingClientRect();
    const x = timeToX(this.state.view, rect.width);
    const px = Math.abs(x(drag.to) - x(drag.from));
    // A click clears the range; a drag of a few pixels or more sets it.
    this.selection = px < 4 ? undefined : { start: Math.min(drag.from, drag.to), end: Math.max(drag.from, drag.to) };
    this.onRange(this.selection);
    this.draw();
  }

  /** Zooms around the pointer (vertical wheel) or pans (sideways wheel); the view stops following the present. */
  private wheel(e: WheelEvent): void {
    e.preventDefault();
    const { start, end } = this.state.view;
    const span = end - start;
    if (Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
      const shift = (e.deltaX / Math.max(1, this.canvas.getBoundingClientRect().width)) * span;
      this.state.moveView({ start: start + shift, end: end + shift });
    } else {
      const at = this.timeAt(e.clientX);
      const k = Math.exp(e.deltaY / 500);
      this.state.moveView({ start: at - (at - start) * k, end: at + (end - at) * k });
    }
    this.onView();
  }

  private describe(width: number): void {
    const d = this.element.dataset;
    Object.assign(
      d,
      describeLanes(this.state.timeline!, (lane, depth) => this.labels.get(this.labelKey(lane.title || lane.id, depth)) ?? ''),
    );
    d.follow = String(this.state.follow);
    d.view = JSON.stringify(this.state.view);
    d.plot = JSON.stringify(plotEdges(width));
  }

  private labelKey(title: string, depth: number): string {
    return `${LABEL_W - 10 - depth * INDENT}\u0000${this.font}\u0000${title}`;
  }
}

/** Each kind of mark's theme colour. */
export function markColor(kind: TimelineMarkKind, p: Palette): string {
  switch (kind) {
    case 'permission':
    case 'form':
      return p.threshold;
    case 'retry':
      return p.output;
    case 'error':
    case 'abort':
    case 'pause':
      return p.limit;
    case 'compaction':
      return p.marker;
    case 'subagent':
      // As the line drawn from the parent's step down to the sub-agent: no series (bar) colour.
      return p.text;
  }
}
