// What a server sent that could not be read, counted per kind (src/store/malformedTally.ts): an unknown event's type
// is the server's own text, so a stream of distinct long type names must neither grow the tally nor the log.
import assert from 'node:assert/strict';
import { MalformedTally, MAX_KINDS } from '../../../src/store/malformedTally';
import { reader, type Reader } from '../reader';

export const tallyReaders: Array<Reader<unknown, unknown>> = [
  reader<string[]>({
    name: 'skipped items counted by kind (MalformedTally)',
    covers: ['src/store/malformedTally.ts#MalformedTally'],
    read: (kinds) => {
      const tally = new MalformedTally();
      let logged = 0;
      for (const kind of kinds) if (tally.note(kind)) logged++;
      return { logged, kinds: tally.snapshot().size, summary: tally.summary().length };
    },
    shapes: [
      { name: 'n items of a few kinds', make: (n) => Array.from({ length: n }, (_, i) => `session.kind${i % 7}`) },
      // Parsed from JSON, as an event's type arrives: flat strings (a template's joined string is flattened by its first
      // cut, 20 KB copied per kind, which no server's text costs).
      {
        name: 'n distinct kinds of 10 KB',
        make: (n) => JSON.parse(JSON.stringify(Array.from({ length: n }, (_, i) => `${i}:${'é'.repeat(10_000)}`))) as string[],
        worst: true,
      },
    ],
    n: 1_000,
    check: (answer) => {
      const { logged, kinds, summary } = answer as { logged: number; kinds: number; summary: number };
      assert.ok(kinds <= MAX_KINDS + 1 && logged <= MAX_KINDS + 1, `${kinds} kinds kept, ${logged} logged`);
      assert.ok(summary < 20_000, `a summary of ${summary} characters`);
    },
  }),
];
