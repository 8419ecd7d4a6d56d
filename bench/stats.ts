// Order statistics for the benchmarks: medians of rounds, percentiles of latencies.

/** The value below which `p` (0–1) of the samples lie (nearest rank). */
export function percentile(samples: readonly number[], p: number): number {
  if (!samples.length) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 0.5);
}
