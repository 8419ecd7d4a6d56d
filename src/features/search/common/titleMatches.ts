// Sessions whose title holds every word of a query, whole or, from PREFIX_MIN characters on, by its beginning, as the
// content search matches (`flak` finds "Fix the flaky test"): a session is found by what it is called, not only by
// what it said. Titles are a server's: each is read up to TITLE_CAP characters, once per query, in slices that yield.
import { runSliced, type Steps } from '../../../base/slices';
import { TITLE_CAP } from './entries';
import { distinctTerms, expandable } from './terms';

/** Whether a title's words hold each of `terms`: equal, or begun by an expandable term. */
export function titleHolds(title: string, terms: readonly string[]): boolean {
  if (!terms.length) return false;
  const words = distinctTerms(title.length > TITLE_CAP ? title.slice(0, TITLE_CAP) : title);
  return terms.every((term) => (expandable(term) ? words.some((word) => word.startsWith(term)) : words.includes(term)));
}

interface Matching<T> {
  titleOf: (item: T) => string;
  /** Newer items are kept first (the newest `limit` of all that match); equal ones in the order given. */
  timeOf: (item: T) => number;
  /** False once the query is no longer the one asked (typed over): the walk stops there. */
  current: () => boolean;
}

function* matchSteps<T>(items: Iterable<T>, terms: readonly string[], limit: number, how: Matching<T>): Steps<T[]> {
  // Newest first, at most `limit`: each match costs at most `limit` moves, so the walk stays linear in the items.
  const kept: T[] = [];
  for (const item of items) {
    if (!how.current()) return [];
    if (titleHolds(how.titleOf(item), terms)) keepNewest(kept, item, how.timeOf, limit);
    yield;
  }
  return kept;
}

function keepNewest<T>(kept: T[], item: T, timeOf: (item: T) => number, limit: number): void {
  const time = timeOf(item);
  if (kept.length >= limit && timeOf(kept[kept.length - 1]) >= time) return;
  let at = kept.length;
  while (at > 0 && timeOf(kept[at - 1]) < time) at--;
  kept.splice(at, 0, item);
  if (kept.length > limit) kept.pop();
}

/**
 * The `limit` newest items whose title holds every term, newest first (equal times in the order given); none once
 * `current` says the query was typed over. The thread is given back every few ms.
 */
export async function titleMatches<T>(
  items: Iterable<T>,
  terms: readonly string[],
  limit: number,
  how: Partial<Matching<T>> & Pick<Matching<T>, 'titleOf'>,
): Promise<T[]> {
  if (!terms.length) return [];
  const matching: Matching<T> = { timeOf: () => 0, current: () => true, ...how };
  return (await runSliced(matchSteps(items, terms, limit, matching))) ?? [];
}
