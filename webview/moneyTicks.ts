// The money axis' ticks: round values (1, 2 or 5 × a power of ten apart, from $0), the top the first tick at or over
// what is to be shown. Quarters of a "nice" top read $0.13 / $0.38 (issue 77): a step of 2.5 is not one of these.

/** At most this many steps above $0: the plot is 132 px high, a label about 14. */
const MAX_STEPS = 5;
/**
 * The lowest top: a view zoomed in where (almost) nothing was spent yet still has an axis of amounts a step can
 * cost, not one of billionths that read "$0.000000" (issue 77).
 */
const MIN_TOP = 0.0001;

/** The tick values from 0 up to the axis' top (the last), for a chart reaching `usd` (> 0). */
export function moneyTicks(usd: number): number[] {
  const reach = Number.isFinite(usd) && usd > 0 ? Math.max(usd, MIN_TOP) : 1;
  let power = 10 ** Math.floor(Math.log10(reach / MAX_STEPS));
  let step = power;
  for (;;) {
    const found = [1, 2, 5].map((k) => k * power).find((s) => Math.ceil(reach / s - 1e-9) <= MAX_STEPS);
    if (found !== undefined) {
      step = found;
      break;
    }
    power *= 10;
  }
  const count = Math.max(1, Math.ceil(reach / step - 1e-9));
  // Each tick from its index (not summed: 0.1 + 0.2 is not 0.3), rounded to the step's decimals.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Array.from({ length: count + 1 }, (_, i) => Number((i * step).toFixed(decimals)));
}

/**
 * The ticks' labels: every one with as few decimals as tell neighbouring ticks apart (the step's, at least the
 * cents), so $0.0012 beside $0.0014, never a rounded "$0.000000"; the zero is "$0".
 */
export function moneyTickLabels(ticks: readonly number[]): string[] {
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : ticks[0] || 1;
  let decimals = 2;
  // Ticks are multiples of 1, 2 or 5 × a power of ten: the step's decimals tell them apart (and say them exactly).
  while (decimals < 12 && Math.abs(Number(step.toFixed(decimals)) - step) > step * 1e-6) decimals += 1;
  return ticks.map((usd) => (usd === 0 ? '$0' : `$${usd.toFixed(decimals)}`));
}
