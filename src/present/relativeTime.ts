// "2 minutes ago" for the Switch Session picker: coarse on purpose, a glance is all it needs.
const UNITS: Array<[string, number]> = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
];

export function relativeTime(ms: number, now: number): string {
  const elapsed = now - ms;
  if (elapsed < 60_000) return 'just now';
  for (const [unit, size] of UNITS) {
    const n = Math.floor(elapsed / size);
    if (n >= 1) return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
  }
  return 'just now';
}
