// The book of budget pauses (src/store/pauseBook.ts, stored by storedPauseBook.ts) as a crossing fills it: a batch
// is as many sessions as a server lists busy (a hostile one says all of them are), and a stored book is whatever the
// global state holds.
// Both stay bounded: at most MAX_PAUSES held and saved, at most MAX_STORED_PAUSES read. The ledger file the plugin
// reads when no window answers is another window's writing: at most 1 MB read, at most 1 000 entries kept. The
// pauses that ended (the Timeline's marks), as another window stored them: at most MAX_STORED_SPANS read, each
// server's newest MAX_SPANS_PER_SERVER kept, merged with this window's.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ledgerFile, readPauseLedgerFile, writePauseLedger } from '../../../src/client/discovery/pauseLedgerFile';
import { PauseBook } from '../../../src/store/pauseBook';
import { MAX_PAUSES } from '../../../src/store/pausedSession';
import { MAX_STORED_PAUSES } from '../../../src/store/storedPauseBook';
import {
  MAX_SPANS_PER_SERVER,
  MAX_STORED_SPANS,
  holdsMore,
  mergePauseSpans,
  pauseSpansJson,
  readPauseSpans,
} from '../../../src/store/pauseSpans';
import { reader, type Reader } from '../reader';
import { isPauseRefusal, refusalText } from '../../../src/store/pauseGate';

const CAUSE = { budget: 'hour' as const, limit: 1, spent: 1.5 };

type Input = { begin: Array<{ serverId: string; sessionId: string; rootId: string }>; book?: unknown } | { restore: unknown };

const busy = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ serverId: 's', sessionId: `${prefix}${i}`, rootId: `${prefix}${i}` }));

/** A stored book of n pauses, as a window saves it (toJSON), built without begin's bound. */
function stored(n: number): unknown {
  const pauses = busy('old', n).map((s, seq) => ({ ...s, ...CAUSE, at: seq, seq, phase: 'paused' }));
  return { v: 1, seq: n, pauses, exempt: [] };
}

/** A ledger file's text: n pauses (some with long ids), or n entries of junk between them. */
function ledgerText(n: number, junk: boolean): string {
  const pauses = Array.from({ length: n }, (_, i) =>
    junk && i % 2
      ? { sessionId: 'x'.repeat(300), budget: 'nope' }
      : { sessionId: `ses_${'a'.repeat(i % 180)}${i}`, rootId: `ses_r${i}`, ...CAUSE, budget: 'session', at: i },
  );
  return JSON.stringify({ v: 1, written: 1, sessionLimit: 1, pauses, exempt: pauses.map((_, i) => `ses_r${i}`) });
}

/** When the stored pauses began (the reader leaves out starts before 2020). */
const ENDED_AT = Date.UTC(2026, 10, 28);

export const pausesReaders: Array<Reader<unknown, unknown>> = [
  reader<string>({
    name: 'A step error’s message, told from the pause gate’s refusal (isPauseRefusal)',
    covers: ['src/store/pauseGate.ts#isPauseRefusal'],
    n: 100_000,
    read: (message) => isPauseRefusal(message),
    shapes: [
      { name: 'n characters of an ordinary error', make: (n) => 'x'.repeat(n) },
      {
        name: 'the refusal’s opening repeated to n characters, its end almost there each time',
        make: (n) => `${'OpenCode Sessions: The model was not asked. Raise the budget '.repeat(Math.ceil(n / 62))}`,
        worst: true,
      },
      {
        name: 'an error quoting a refusal after n characters',
        make: (n) => `APIError: ${'x'.repeat(n)} ${refusalText({ budget: 'hour', limit: 1 }, 'A title')}`,
      },
      {
        name: 'the refusal’s opening and end around n characters of near misses of “ is paused by its ”',
        make: (n) => {
          const refusal = refusalText(undefined);
          const end = refusal.slice(refusal.indexOf(' budget') + ' budget'.length);
          return `OpenCode Sessions: "${' is paused by it'.repeat(Math.ceil(n / 16))}"${end}`;
        },
        worst: true,
      },
    ],
    check: (answer) => assert.equal(answer, false),
  }),
  reader<Input>({
    name: 'Budget pauses: a batch of busy sessions begun, then saved; a stored book restored (PauseBook)',
    covers: [
      'src/store/pauseBook.ts#PauseBook',
      'src/store/storedPauseBook.ts#StoredPauseBook',
      'src/store/pausedSession.ts#pauseKey',
      'src/store/pausedSession.ts#readPause',
      'src/store/pausedSession.ts#readStamps',
      'src/store/pausedSession.ts#storedForm',
      'src/store/pausedSession.ts#byTimeThenKey',
      'src/store/pausedSession.ts#trimNewest',
      'src/store/pauseExemptions.ts#Exemptions',
      'src/store/sessionKey.ts#sessionKey',
    ],
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
  reader<unknown>({
    name: 'Budget pauses that ended, as stored by another window, read and merged (readPauseSpans, mergePauseSpans)',
    covers: [
      'src/store/pauseSpans.ts#readPauseSpans',
      'src/store/pauseSpans.ts#mergePauseSpans',
      'src/store/pauseSpans.ts#holdsMore',
      'src/store/pauseSpans.ts#pauseSpansJson',
    ],
    // As a window reads another's copy: read, merged with its own, asked whether it holds more, written back.
    read: (stored) => {
      const read = readPauseSpans(stored);
      const merged = mergePauseSpans(read, read.slice(0, 10));
      return { read: read.length, merged: merged.length, more: holdsMore(merged, read), written: pauseSpansJson(merged).spans.length };
    },
    shapes: [
      {
        name: 'n ended pauses on one server, ids up to 180 characters',
        make: (n) => ({
          v: 1,
          spans: Array.from({ length: n }, (_, i) => [
            's',
            `ses_${'a'.repeat(i % 180)}${i}`,
            ENDED_AT + i,
            ENDED_AT + 1 + i,
            'hour',
            1,
            'resumed',
          ]),
        }),
        worst: true,
      },
      {
        name: 'n ended pauses, each on a server of its own',
        make: (n) => ({ v: 1, spans: Array.from({ length: n }, (_, i) => [`s${i}`, 'ses', ENDED_AT + i, ENDED_AT + 1 + i]) }),
        worst: true,
      },
      {
        name: 'n entries, every other one damaged',
        make: (n) => ({
          v: 1,
          spans: Array.from({ length: n }, (_, i) =>
            i % 2 ? ['s', 'x'.repeat(2000), 1, 2] : ['s', `ses_${i}`, ENDED_AT + i, ENDED_AT + 1 + i],
          ),
        }),
        worst: true,
      },
    ],
    check: (answer, n, shape) => {
      const a = answer as { read: number; merged: number; more: boolean; written: number };
      const looked = Math.min(n, MAX_STORED_SPANS);
      const expected = shape.includes('own')
        ? looked
        : Math.min(shape.includes('damaged') ? Math.floor(looked / 2) : looked, MAX_SPANS_PER_SERVER);
      // Read back, the merge holds nothing more than what was read: no write follows.
      assert.deepEqual(a, { read: expected, merged: expected, more: false, written: expected });
    },
  }),
  reader<string, string>({
    name: 'The pause ledger file, as the plugin reads it with no window answering (readPauseLedgerFile)',
    covers: [
      'src/client/discovery/pauseLedgerFile.ts#readPauseLedgerFile',
      'src/client/discovery/pauseLedgerFile.ts#ledgerFile',
      'src/client/discovery/pauseLedgerFile.ts#writePauseLedger',
      'src/store/pauseGate.ts#readPauseLedger',
      'src/store/pauseGate.ts#readPauseEntry',
    ],
    n: 1_000,
    setup: () => {
      // The folder as the extension makes it (this user's own, private): written once by the real writer.
      const dir = join(mkdtempSync(join(tmpdir(), 'ocs-scale-ledger-')), 'endpoints');
      mkdirSync(dir, { mode: 0o700 });
      writePauseLedger(dir, { v: 1, written: 0, pauses: [], exempt: [] });
      return dir;
    },
    teardown: (dir) => rmSync(join(dir, '..'), { recursive: true, force: true }),
    // The file is written before the clock starts; the read is what is measured.
    read: (dir) => {
      const ledger = readPauseLedgerFile(dir);
      return ledger && { pauses: ledger.pauses.length, exempt: ledger.exempt.length };
    },
    shapes: [
      {
        name: 'n pauses with ids up to 180 characters',
        make: (n, dir) => (writeFileSync(ledgerFile(dir), ledgerText(n, false)), dir),
        worst: true,
      },
      {
        name: 'n entries, every other one damaged',
        make: (n, dir) => (writeFileSync(ledgerFile(dir), ledgerText(n, true)), dir),
        worst: true,
      },
    ],
    check: (answer, n, shape) => {
      const a = answer as { pauses: number; exempt: number } | undefined;
      const size = ledgerText(n, shape.includes('damaged')).length;
      // Over 1 MB the file is not one the extension wrote: not read at all.
      if (size > 1_000_000) return assert.equal(a, undefined);
      const kept = shape.includes('damaged') ? Math.ceil(Math.min(n, 1_000) / 2) : Math.min(n, 1_000);
      assert.deepEqual(a, { pauses: kept, exempt: Math.min(n, 1_000) });
    },
  }),
];
