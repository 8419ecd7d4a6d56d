// Column widths for the usage tables, so that no figure is ever cut: each figure column is at least as wide as
// its widest figure (in `ch`, figures set in tabular digits) and as the longest word of its header. A
// table narrower than that scrolls sideways (the last resort); wider, the columns share the rest.

export interface Header {
  /** Shown when the table has room, and always as the header's tooltip. */
  full: string;
  /** Shown in a narrow table (the abbreviation is explained by the tooltip). */
  short: string;
}

/** A cell's horizontal padding (usage.css: 6px a side). */
export const CELL_PADDING_PX = 12;
/** Below this width a table shows the short headers. */
export const FULL_HEADERS_PX = 1000;

const longestWord = (s: string) => Math.max(0, ...s.split(/\s+/).map((w) => w.length));

/** The least width of a column in ch: its longest text and its headers' longest word (a header wraps between words). */
export function leastCh(header: Header, texts: Iterable<string>): number {
  let width = Math.max(longestWord(header.short), longestWord(header.full));
  for (const t of texts) width = Math.max(width, t.length);
  return width;
}

/** A grid-template-columns value: each column at least its width, growing by its share of what is left. */
export function columnTemplate(widthsCh: readonly number[], grow: readonly number[]): string {
  return widthsCh.map((w, i) => `minmax(calc(${w}ch + ${CELL_PADDING_PX}px), ${grow[i] ?? 1}fr)`).join(' ');
}

/** The width below which the table scrolls sideways. */
export function leastWidth(widthsCh: readonly number[]): string {
  return `calc(${widthsCh.reduce((a, b) => a + b, 0)}ch + ${widthsCh.length * CELL_PADDING_PX}px)`;
}

/** The header text for a table this wide. */
export function headerText(header: Header, widthPx: number): string {
  return widthPx >= FULL_HEADERS_PX ? header.full : header.short;
}
