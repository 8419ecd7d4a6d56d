// The content index's cap per server, in MB of indexed text (the setting opencodeSessions.search.maxIndexMegabytes,
// read from the user's own settings only): the default, and the range any value is held to.
export const DEFAULT_MAX_INDEX_MB = 100;
export const MIN_INDEX_MB = 1;
export const MAX_INDEX_MB = 4096;

/** The cap in bytes for the setting's value: a number held to the range, anything else the default. */
export function maxIndexBytes(megabytes: unknown): number {
  const mb = typeof megabytes === 'number' && Number.isFinite(megabytes) ? megabytes : DEFAULT_MAX_INDEX_MB;
  return Math.round(Math.min(MAX_INDEX_MB, Math.max(MIN_INDEX_MB, mb)) * 1024 * 1024);
}
