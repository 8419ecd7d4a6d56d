// Which sessions the tree shows: archived ones only on request, and under a title filter only the
// matches plus their ancestors (so a matching sub-agent stays nested where it belongs).
import { selfAndAncestors } from './ancestors';
import type { SessionRecord } from './sessionRecord';

/** The part of SessionStore this needs, so it can be tested with plain records. */
export interface SessionForest {
  all(): Iterable<SessionRecord>;
  parentOf(id: string): string | undefined;
}

export interface FilterOptions {
  /** Case-insensitive substring of the title; undefined or blank = no filter. */
  query?: string;
  showArchived: boolean;
}

/** The filter text as typed, trimmed; undefined when it filters nothing. */
export function normalizeQuery(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed ? trimmed : undefined;
}

export function isArchived(record: SessionRecord): boolean {
  return record.info.time.archived !== undefined && record.info.time.archived !== null;
}

/** The ids to show, or undefined when every session is shown. */
export function visibleSessionIds(forest: SessionForest, options: FilterOptions): Set<string> | undefined {
  const query = normalizeQuery(options.query)?.toLowerCase();
  const records = [...forest.all()];
  const byId = new Map(records.map((r) => [r.info.id, r]));
  if (!query && (options.showArchived || !records.some(isArchived))) return undefined;
  // An archived session hides its whole subtree, as its row would hold them.
  // Each session's answer kept: a walk stops at the first ancestor already answered (a walk from each of n sessions to
  // its root was n × depth; 10 000 sessions in chains 100 deep took seconds per keystroke of the filter).
  const hiddenIds = new Map<string, boolean>();
  const hidden = (id: string): boolean => {
    const walked: string[] = [];
    let answer = false;
    for (const cur of selfAndAncestors(id, (c) => forest.parentOf(c))) {
      const known = hiddenIds.get(cur);
      if (known !== undefined) {
        answer = known;
        break;
      }
      walked.push(cur);
      const record = byId.get(cur);
      if (record && !options.showArchived && isArchived(record)) {
        answer = true;
        break;
      }
    }
    for (const cur of walked) hiddenIds.set(cur, answer);
    return answer;
  };
  const visible = new Set<string>();
  for (const record of records) {
    const id = record.info.id;
    if (visible.has(id) || hidden(id)) continue;
    if (query && !record.info.title.toLowerCase().includes(query)) continue;
    // A session already visible has its ancestors visible too.
    for (const cur of selfAndAncestors(id, (c) => forest.parentOf(c))) {
      if (visible.has(cur)) break;
      visible.add(cur);
    }
  }
  return visible;
}
