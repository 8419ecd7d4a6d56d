// Column widths for the usage tables, so that no figure is ever cut: each figure column is at least as wide as
// its widest figure (in `ch`, figures set in tabular digits) and as the longest word of its header. A table
// narrower than all of them hides its lesser columns first (their figures stay in the row's tooltip), so the
// key figures (a step's cost, the totals' tokens and cost) always show whole without a sideways scroll.
import { maxOf } from '../src/base/arrays';

export interface Header {
  /** Shown when the table has room, and always as the header's tooltip. */
  full: string;
  /** Shown in a narrow table (the abbreviation is explained by the tooltip). */
  short: string;
}

/**
 * One column's least width: `ch` characters, plus the cell's padding and `extraPx` (a button's own padding); `grow`:
 * its share of the rest. A names column gives `fitCh` instead of a share: it takes room up to its longest name
 * before the figure columns grow past their least widths (so a name is not cut while figures have room to spare).
 */
export interface Column {
  ch: number;
  grow: number;
  extraPx?: number;
  fitCh?: number;
}

/** A cell's horizontal padding (usage.css: 6px a side). */
export const CELL_PADDING_PX = 12;
/** Below this width a table shows the short headers. */
export const FULL_HEADERS_PX = 1000;

const NONE: ReadonlySet<number> = new Set();
const longestWord = (s: string) => maxOf(s.split(/\s+/).map((w) => w.length)) ?? 0;
const padding = (c: Column) => CELL_PADDING_PX + (c.extraPx ?? 0);

/**
 * The least width of a column in ch: its longest text and its headers' longest word (a header wraps between words).
 * A ch is a digit's width; a "%" is half as wide again, so it counts two (a share of "52.9%" ran 4 px past its cell).
 */
export function leastCh(header: Header, texts: Iterable<string>): number {
  let width = Math.max(longestWord(header.short), longestWord(header.full));
  for (const t of texts) width = Math.max(width, t.length + (t.split('%').length - 1));
  return width;
}

/** A grid-template-columns value: each shown column at least its width, growing by its share of what is left; a hidden one takes no room. */
export function columnTemplate(columns: readonly Column[], hidden: ReadonlySet<number> = NONE): string {
  return columns
    .map((c, i) => {
      if (hidden.has(i)) return '0px';
      const least = `calc(${c.ch}ch + ${padding(c)}px)`;
      // A fixed most: the grid grows such a track to it before it shares what is left among the `fr` tracks.
      if (c.fitCh !== undefined) return `minmax(${least}, calc(${Math.max(c.ch, c.fitCh)}ch + ${padding(c)}px))`;
      return `minmax(${least}, ${c.grow}fr)`;
    })
    .join(' ');
}

/** The width the shown columns need (the table's least width). */
export function leastWidth(columns: readonly Column[], hidden: ReadonlySet<number> = NONE): string {
  const shown = columns.filter((_, i) => !hidden.has(i));
  const ch = shown.reduce((a, c) => a + c.ch, 0);
  const px = shown.reduce((a, c) => a + padding(c), 0);
  return `calc(${ch}ch + ${px}px)`;
}

/**
 * The columns to hide so that the rest fit `availablePx` (one `ch` being `chPx` wide): the lesser ones first,
 * in `dropOrder`, and only as many as needed. Columns not in `dropOrder` are never hidden.
 */
export function columnsToHide(columns: readonly Column[], dropOrder: readonly number[], availablePx: number, chPx: number): Set<number> {
  const hidden = new Set<number>();
  // A pixel of slack: the browser rounds each track, and a table a fraction too wide would scroll.
  let need = columns.reduce((sum, c) => sum + c.ch * chPx + padding(c), 0) + 1;
  for (const i of dropOrder) {
    if (need <= availablePx) break;
    hidden.add(i);
    need -= columns[i].ch * chPx + padding(columns[i]);
  }
  return hidden;
}

/** What the hidden columns of a row say, one per line (the row's tooltip), or undefined when all are shown. */
export function hiddenFigures(headers: readonly Header[], cells: readonly string[], hidden: ReadonlySet<number>): string | undefined {
  const lines = headers.flatMap((header, i) => (hidden.has(i) && i < cells.length ? [`${header.full}: ${cells[i]}`] : []));
  return lines.length ? lines.join('\n') : undefined;
}

/** The header text for a table this wide. */
export function headerText(header: Header, widthPx: number): string {
  return widthPx >= FULL_HEADERS_PX ? header.full : header.short;
}
