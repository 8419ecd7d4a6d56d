// Chart colours drawn at full strength (no DOM here: unit-tested in Node).

/**
 * A series colour at full strength. A theme may give a chart colour with alpha (Dark Modern's charts.orange is the
 * minimap's find-match colour, translucent): over a dark page a thin line or a bar in it read dark brown.
 */
export function opaque(color: string): string {
  if (/^#([0-9a-f]{4}|[0-9a-f]{8})$/i.test(color)) return color.slice(0, color.length === 5 ? 4 : 7);
  const rgba = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)\s*(?:[,/][^)]*)?\)$/i.exec(color);
  return rgba ? `rgb(${rgba[1]}, ${rgba[2]}, ${rgba[3]})` : color;
}
