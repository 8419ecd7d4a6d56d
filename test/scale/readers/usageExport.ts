// The per-step table as files (src/present/usageExport.ts): every step's model and message id are the server's,
// quoted for CSV (a quote doubled, a formula's first character escaped) and for JSON, over every step of a tree.
import assert from 'node:assert/strict';
import { runSliced } from '../../../src/base/slices';
import { csvSteps, jsonSteps } from '../../../src/present/usageExport';
import type { StepRow } from '../../../src/present/usageRows';
import { reader, type Reader } from '../reader';

function rows(n: number, model: (i: number) => string): StepRow[] {
  return Array.from({ length: n }, (_, i) => ({
    n: i + 1,
    messageID: `msg_${i}`,
    time: 1_700_000_000_000 + i * 1_000,
    model: model(i),
    input: 1_000,
    output: 200,
    reasoning: 0,
    cacheRead: 5_000,
    cacheWrite: 0,
    cost: 0.01,
    source: 'step',
  }));
}

type Export = { format: 'csv' | 'json'; steps: StepRow[] };

const HOSTILE = (i: number) => `=${'",'.repeat(50)}${i}`;

export const usageExportReaders: Array<Reader<unknown, unknown>> = [
  reader<Export>({
    name: 'The steps table as CSV or JSON (csvSteps, jsonSteps)',
    covers: ['src/present/usageExport.ts#csvSteps', 'src/present/usageExport.ts#jsonSteps'],
    // An item is a step of the exported tree: 10n is 20 000 steps, written in slices as exportSteps does (one
    // synchronous step of 170–211 ms before).
    n: 2_000,
    read: async ({ format, steps }) => (await runSliced(format === 'csv' ? csvSteps(steps) : jsonSteps('ses_a', steps)))!.length,
    shapes: [
      { name: 'n steps of one model, as CSV', make: (n) => ({ format: 'csv', steps: rows(n, () => 'anthropic/claude-sonnet-4') }) },
      { name: 'n steps of one model, as JSON', make: (n) => ({ format: 'json', steps: rows(n, () => 'anthropic/claude-sonnet-4') }) },
      // Each quote is doubled in CSV and escaped in JSON; each name starts as a formula would.
      {
        name: 'n steps whose models are 100 quotes and commas after an =, as CSV',
        make: (n) => ({ format: 'csv', steps: rows(n, HOSTILE) }),
        worst: true,
      },
      {
        name: 'n steps whose models are 100 quotes and commas after an =, as JSON',
        make: (n) => ({ format: 'json', steps: rows(n, HOSTILE) }),
        worst: true,
      },
    ],
    check: (answer, n, shape) => {
      // At least each step's model as sent (quotes doubled or escaped), a line per step.
      const least = shape.includes('quotes') ? n * 150 : n * 25;
      assert.ok((answer as number) > least, `${String(answer)} characters for ${n} steps`);
    },
  }),
];
