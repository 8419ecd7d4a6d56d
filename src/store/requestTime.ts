// When a request was asked, read from its id: OpenCode's ascending ids (`per_…`, `que_…`, `frm_…`) start, after the
// prefix, with 12 hex digits of (ms since the epoch × 0x1000 + a counter), cut to 48 bits; so the id holds its time
// modulo 2^36 ms (about 795 days), and the latest such time not after `now` is it. A request first seen in a listing
// (asked before this window connected, as the demo's is) has no event time: without this its wait began unmarked, and
// a two-minute permission wait read "waiting 0 ms". O(1): 12 characters are read, whatever the id's length.

const WRAP = 2 ** 36;
/** How far ahead of our clock a server's may run and its time still be taken (else the id is not read as a time). */
const AHEAD_MS = 60_000;
const HEX_DIGITS = 12;

/** The time `id` says it was made, if it reads as an OpenCode id made before `now` (within the wrap); else undefined. */
export function idTime(id: string, now: number): number | undefined {
  const at = id.indexOf('_');
  if (at < 0 || at > 8 || id.length < at + 1 + HEX_DIGITS || !Number.isFinite(now)) return undefined;
  const hex = id.slice(at + 1, at + 1 + HEX_DIGITS);
  let value = 0;
  for (let i = 0; i < HEX_DIGITS; i++) {
    const digit = HEX.indexOf(hex[i]);
    if (digit < 0) return undefined;
    value = value * 16 + digit;
  }
  const residue = Math.floor(value / 0x1000);
  // The latest time ≤ now + AHEAD_MS with this residue.
  const latest = now + AHEAD_MS;
  const time = latest - ((((latest - residue) % WRAP) + WRAP) % WRAP);
  return time > 0 ? Math.min(time, now) : undefined;
}

const HEX = '0123456789abcdef';

/**
 * When a request seen first at `seenAt` was asked: its id's time where that is at most a week earlier (an id of
 * another scheme reads as any time in 795 days), else when it was seen.
 */
export function askedAt(id: string, seenAt: number): number {
  const time = idTime(id, seenAt);
  return time !== undefined && seenAt - time <= WEEK_MS ? time : seenAt;
}

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
