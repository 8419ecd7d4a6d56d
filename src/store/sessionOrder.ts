// The order of sessions in the tree. Roots follow the user's choice; children always read oldest first,
// the order in which the agent started them.
import type { SessionRecord } from './sessionRecord';
import { totalTokens, type Usage } from './usage';

export type SortBy = 'recent' | 'cost' | 'tokens';

/** Every order, in the order a picker lists them. */
export const SORT_ORDERS: readonly SortBy[] = ['recent', 'cost', 'tokens'];

/** A setting value as a SortBy; anything unknown (a hand-edited settings.json) reads as the default. */
export function parseSortBy(value: unknown): SortBy {
  return value === 'cost' || value === 'tokens' ? value : 'recent';
}

/** Sorts roots in place: by the chosen key, highest first; ties fall back to recent, then id, so the order is stable. */
export function sortRoots(records: SessionRecord[], by: SortBy, inclusive: (id: string) => Usage): SessionRecord[] {
  const key = rootKey(by, inclusive);
  const keys = new Map(records.map((r) => [r, key(r)]));
  return records.sort((a, b) => keys.get(b)! - keys.get(a)! || b.info.time.updated - a.info.time.updated || compareIds(a, b));
}

/** Below 0 when root `a` reads before `b`: the order sortRoots gives, one pair at a time (no keys kept). */
export function rootComparer(by: SortBy, inclusive: (id: string) => Usage): (a: SessionRecord, b: SessionRecord) => number {
  const key = rootKey(by, inclusive);
  return (a, b) => key(b) - key(a) || b.info.time.updated - a.info.time.updated || compareIds(a, b);
}

function rootKey(by: SortBy, inclusive: (id: string) => Usage): (r: SessionRecord) => number {
  if (by === 'cost') return (r) => inclusive(r.info.id).cost;
  if (by === 'tokens') return (r) => totalTokens(inclusive(r.info.id));
  return (r) => r.info.time.updated;
}

/** Children oldest first (ties by id, which OpenCode makes ascending in time). */
export function sortChildren(records: SessionRecord[]): SessionRecord[] {
  return records.sort(compareChildren);
}

/** Below 0 when `a` reads before `b` among siblings (older, or the same age and a lower id). */
export function compareChildren(a: SessionRecord, b: SessionRecord): number {
  return a.info.time.created - b.info.time.created || compareIds(a, b);
}

function compareIds(a: SessionRecord, b: SessionRecord): number {
  return a.info.id < b.info.id ? -1 : a.info.id > b.info.id ? 1 : 0;
}
