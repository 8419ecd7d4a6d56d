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

function* matchSteps<T>(items: Iterable<T>, titleOf: (item: T) => string, terms: readonly string[], limit: number): Steps<T[]> {
  const found: T[] = [];
  for (const item of items) {
    if (titleHolds(titleOf(item), terms)) found.push(item);
    if (found.length >= limit) break;
    yield;
  }
  return found;
}

/** The first `limit` items whose title holds every term, in the order given; the thread is given back every few ms. */
export async function titleMatches<T>(
  items: Iterable<T>,
  titleOf: (item: T) => string,
  terms: readonly string[],
  limit: number,
): Promise<T[]> {
  if (!terms.length) return [];
  return (await runSliced(matchSteps(items, titleOf, terms, limit))) ?? [];
}
