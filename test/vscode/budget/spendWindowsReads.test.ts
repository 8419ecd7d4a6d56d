// The budget windows read each session active in them once. A session whose read ends without making it whole (gone
// on its server while still listed, its read given up) is not read again while it stays the same: read again at once,
// `onDidLoad` → current() (the status bar's listener) → a read → `onDidLoad` spun the extension host in microtasks
// (a profile showed the host's thread held over 10 s during a session's deletion). A connection that stands for that
// moment (its read resolves, its history stays partial) is enough; the windows' own code runs as in the extension.
import * as assert from 'node:assert/strict';
import { SpendWindows } from '../../../src/app/budgets/spendWindows';
import type { ServerRegistry } from '../../../src/app/servers/serverRegistry';
import { newRecord } from '../../../src/store/sessionRecord';
import { SpendLedger } from '../../../src/store/spendLedger';

describe('budget windows: a read that leaves a session partial', () => {
  it('is not asked again at once: one load, not a loop', async () => {
    let reads = 0;
    const now = Date.now();
    const record = newRecord({ id: 'ses_gone', title: 'Gone meanwhile', directory: '/w', time: { created: now, updated: now } });
    const connection = {
      state: { kind: 'online' },
      readingRecentTrees: undefined,
      // A store that says the session changed at every look: only the failed read keeps it from being read again.
      sessions: { all: () => [record], changeStamp: 0, changedSince: () => [record], spend: new SpendLedger(), partialSince: () => false },
      history: { isComplete: () => false },
      listPrices: { pricer: undefined },
      loadAllMessages: () => {
        reads += 1;
        return Promise.resolve();
      },
    };
    const spend = new SpendWindows({ all: [connection] } as unknown as ServerRegistry, () => false);
    let loads = 0;
    const listening = spend.onDidLoad(() => {
      loads += 1;
      // As the status bar does: read the windows again once reads finished (stops itself if it would loop).
      if (loads < 50) spend.current(false);
    });
    try {
      spend.current(false);
      await spend.settled();
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(reads, 1, 'read once');
      assert.equal(loads, 1, 'one load');
    } finally {
      listening.dispose();
    }
  });
});
