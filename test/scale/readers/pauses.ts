// The book of budget pauses (src/store/budgetPause.ts) as a crossing fills it: a batch is as many sessions as a
// server lists busy (a hostile one says all of them are), and a stored book is whatever the global state holds.
// Both stay bounded: at most MAX_PAUSES held and saved, at most MAX_STORED_PAUSES read.
import assert from 'node:assert/strict';
import { MAX_PAUSES, MAX_STORED_PAUSES, PauseBook } from '../../../src/store/budgetPause';
import { reader, type Reader } from '../reader';

const CAUSE = { budget: 'hour' as const, limit: 1, spent: 1.5 };

type Input = { begin: Array<{ serverId: string; sessionId: string; rootId: string }>; book?: unknown } | { restore: unknown };

const busy = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ serverId: 's', sessionId: `${prefix}${i}`, rootId: `${prefix}${i}` }));

/** A stored book of n pauses, as a window saves it (toJSON), built without begin's bound. */
function stored(n: number): unknown {
  const pauses = busy('old', n).map((s, seq) => ({ ...s, ...CAUSE, at: seq, seq, phase: 'paused' }));
  return { v: 1, seq: n, pauses, exempt: [] };
}

export const pausesReaders: Array<Reader<unknown, unknown>> = [
  reader<Input>({
    name: 'Budget pauses: a batch of busy sessions begun, then saved; a stored book restored (PauseBook)',
    // Not a watched module (exportsOf.ts): registered for its bounds, not for coverage.
    covers: [],
    read: (input) => {
      if ('restore' in input) return { size: PauseBook.restore(input.restore).size };
      const book = input.book ? PauseBook.restore(input.book) : new PauseBook();
      const { begun, overflow } = book.begin(input.begin, CAUSE, 1_000_000);
      // What every later save writes.
      const saved = JSON.stringify(book.toJSON()).length;
      return { size: book.size, begun: begun.length, overflow: overflow.length, saved };
    },
    shapes: [
      { name: 'n busy sessions on an empty book', make: (n) => ({ begin: busy('new', n) }), worst: true },
      { name: 'n busy sessions on a full book', make: (n) => ({ begin: busy('new', n), book: stored(MAX_PAUSES) }), worst: true },
      { name: 'a stored book of n pauses', make: (n) => ({ restore: stored(n) }), worst: true },
    ],
    check: (answer, n, shape) => {
      const a = answer as { size: number; begun?: number; overflow?: number };
      if (shape.startsWith('a stored')) return assert.equal(a.size, Math.min(n, MAX_STORED_PAUSES));
      assert.equal(a.size, Math.min(n, MAX_PAUSES));
      assert.equal(a.begun, Math.min(n, MAX_PAUSES));
      assert.equal(a.overflow, Math.max(0, n - MAX_PAUSES));
    },
  }),
];
