// The money axis' ticks: round values (1, 2 or 5 × a power of ten apart, from $0), the top the first tick at or over
// what is to be shown. Quarters of a "nice" top read $0.13 / $0.38 (issue 77): a step of 2.5 is not one of these.

/** At most this many steps above $0: the plot is 132 px high, a label about 14. */
const MAX_STEPS = 5;

/** The tick values from 0 up to the axis' top (the last), for a chart reaching `usd` (> 0). */
export function moneyTicks(usd: number): number[] {
  const reach = Number.isFinite(usd) && usd > 0 ? usd : 1;
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
