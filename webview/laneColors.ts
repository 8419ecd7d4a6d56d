// The lanes' colours by model or agent: the first LEGEND_KEYS keys met each get a series colour, kept across
// draws so a colour does not move; every key met after them is drawn in the one neutral colour (the money chart's
// "others" colour) and named in the legend only as a count. A tree of thousands of model names makes a legend of
// at most LEGEND_KEYS + 1 entries.
import { formatCount } from '../src/present/format';

export const LEGEND_KEYS = 12;

export class LaneColors {
  /** The first LEGEND_KEYS keys, in the order met, with their colours. */
  private readonly named = new Map<string, string>();
  /** The keys met after them (for the count; bounded by the bars the page holds). */
  private readonly others = new Set<string>();

  constructor(
    private readonly series: readonly string[],
    private readonly neutral: string,
  ) {}

  colorOf(key: string): string {
    const color = this.named.get(key);
    if (color) return color;
    if (this.named.size < LEGEND_KEYS && !this.others.has(key)) {
      const next = this.series[this.named.size % this.series.length];
      this.named.set(key, next);
      return next;
    }
    this.others.add(key);
    return this.neutral;
  }

  /** [name, colour] per named key, then one entry for the others, if any. */
  legend(): Array<[string, string]> {
    const entries = [...this.named.entries()];
    const n = this.others.size;
    if (n) entries.push([`${formatCount(n)} ${n === 1 ? 'other' : 'others'}`, this.neutral]);
    return entries;
  }
}
