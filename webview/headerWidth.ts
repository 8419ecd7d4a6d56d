// Headers that follow their table's width (the DOM half of columns.ts).
import { FULL_HEADERS_PX, headerText, type Header } from './columns';

/**
 * Headers that follow the table's width: full when there is room, short below FULL_HEADERS_PX, the full name
 * always as the tooltip. `cells[i]` shows `headers[i]`.
 */
export function followWidth(scroller: HTMLElement, cells: readonly HTMLElement[], headers: readonly Header[]): void {
  headers.forEach((h, i) => (cells[i].title = h.full));
  const apply = (width: number) =>
    headers.forEach((h, i) => {
      const text = headerText(h, width);
      if (cells[i].textContent !== text) cells[i].textContent = text;
    });
  new ResizeObserver((entries) => {
    const width = entries.at(-1)?.contentRect.width ?? 0;
    if (width > 0) apply(width);
  }).observe(scroller);
  apply(FULL_HEADERS_PX);
}
