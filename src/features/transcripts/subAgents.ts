// The sub-agents a transcript's header lists (pure): the first SUB_AGENTS_SHOWN of a session's descendants in tree
// order, and how many there are in all. A server decides how many children a session has (100 000 sub-agents of
// one parent happen), so the walk sorts no more siblings than it can still list: one pass over each parent's
// children keeps the oldest it needs, and the count comes from the store's walk, which sorts nothing.
import type { SessionReader } from '../../store/sessionReader';
import type { SessionRecord } from '../../store/sessionRecord';
import { compareChildren, sortChildren } from '../../store/sessionOrder';

/** The most sub-agents a header lists: each is a line, a link in the preview and a document link in the source. */
export const SUB_AGENTS_SHOWN = 200;

export interface SubAgents {
  /** The first ones in tree order (each child, oldest first, followed by its own), each with its depth (1: a child). */
  shown: Array<{ sessionId: string; depth: number }>;
  /** Every descendant, listed or not. */
  total: number;
}

export function subAgentsOf(sessions: SessionReader, id: string, max = SUB_AGENTS_SHOWN): SubAgents {
  const total = sessions.descendantsOf(id).length;
  const shown: SubAgents['shown'] = [];
  // A stack of its own (a server decides how deep a tree is): children pushed newest first to pop oldest first.
  const stack: Array<{ record: SessionRecord; depth: number }> = [];
  const push = (parent: string, depth: number) => {
    const below = oldest(sessions.childrenOf(parent), max - shown.length);
    for (let i = below.length - 1; i >= 0; i--) stack.push({ record: below[i], depth });
  };
  // What a parent's children push comes before everything already on the stack: the room left is all they need.
  push(id, 1);
  while (stack.length && shown.length < Math.min(max, total)) {
    const { record, depth } = stack.pop()!;
    shown.push({ sessionId: record.info.id, depth });
    push(record.info.id, depth + 1);
  }
  return { shown, total };
}

/**
 * The `count` oldest of these siblings, oldest first, in one pass: a buffer of twice that many is sorted and cut
 * back whenever it fills, and a sibling no older than the last one kept is passed over.
 */
function oldest(records: SessionRecord[], count: number): SessionRecord[] {
  if (count <= 0) return [];
  if (records.length <= count * 2) return sortChildren(records).slice(0, count);
  const kept: SessionRecord[] = [];
  let last: SessionRecord | undefined;
  for (const record of records) {
    if (last && compareChildren(record, last) >= 0) continue;
    kept.push(record);
    if (kept.length >= count * 2) {
      sortChildren(kept).length = count;
      last = kept[count - 1];
    }
  }
  sortChildren(kept);
  kept.length = Math.min(kept.length, count);
  return kept;
}
