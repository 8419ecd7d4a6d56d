// A chart.js bar controller for the steps chart's stacked bars, cheap enough to redo on every live step.
// chart.js's own stacked bars cost ~5 µs a bar per update (the stack of each bar is looked up through every
// dataset, and each bar is filled with its own save/path/restore): with 5 kinds × 640 bars that was most of
// a live update's 40 ms. Here the stacking is done by the chart (each point carries its bottom and top), a
// bar spans its bucket's steps (its x is the step it shows) less a gap to its neighbours, every bar is placed
// in one tight loop and each kind is filled in one pass. The elements stay chart.js BarElements, so hover, tooltips and the legend
// work as for any bar chart.
import { BarController, type Element, type UpdateMode } from 'chart.js';
import { barSpan } from './chartShape';
import type { StackedBar } from './stepStacks';

/** What is read back of a placed bar (a chart.js BarElement). */
interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
  hidden?: boolean;
}

export class StepBarsController extends BarController {
  static override readonly id = 'stepBars';
  /** A linear step axis without the bar charts' offset (the bars already span whole steps). */
  static readonly overrides = {
    scales: { _index_: { type: 'linear', offset: false, grid: { offset: false } }, _value_: { type: 'linear', beginAtZero: true } },
  };

  override update(mode: UpdateMode): void {
    const bars = this._cachedMeta.data;
    this.updateElements(bars, 0, bars.length, mode);
  }

  override updateElements(bars: Element[], start: number, count: number, mode: UpdateMode): void {
    const { xScale, yScale } = this._cachedMeta;
    if (!xScale || !yScale) return;
    const data = this.getDataset().data as unknown as StackedBar[];
    const options = this.resolveDataElementOptions(start, mode);
    for (let i = start; i < start + count; i++) {
      const p = data[i];
      // Whole pixels, so no anti-aliased seam blurs a bar's edge; a gap between bars where there is room.
      const { left, width } = barSpan(Math.round(xScale.getPixelForValue(p.lo - 0.5)), Math.round(xScale.getPixelForValue(p.hi + 0.5)));
      const top = yScale.getPixelForValue(p.y);
      const base = yScale.getPixelForValue(p.base);
      this.updateElement(
        bars[i],
        i,
        { horizontal: false, x: left + width / 2, y: top, base, width, height: Math.abs(base - top), options },
        mode,
      );
    }
  }

  /** All bars of this kind in the kind's colour (no borders, no rounded corners), with no state change between them. */
  override draw(): void {
    const bars = this._cachedMeta.data as unknown as Bar[];
    if (!bars.length) return;
    const ctx = this.chart.ctx;
    ctx.save();
    const color: unknown = this.getDataset().backgroundColor; // set by the chart's recolor (a theme colour)
    ctx.fillStyle = typeof color === 'string' ? color : 'gray';
    // fillRect per bar: Skia fills a rectangle on a fast path, while one path of hundreds of rectangles is
    // rasterized as a general path (measured: ~200 ms to the next frame at 640 bars, against ~2 ms).
    for (const b of bars) if (!b.hidden && b.height > 0) ctx.fillRect(b.x - b.width / 2, b.y, b.width, b.height);
    ctx.restore();
  }
}
