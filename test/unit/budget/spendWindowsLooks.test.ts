// The budget windows look only at the sessions changed since their last look (store/changeLog.ts). The day's look
// must not use up what the week's next look needs: a session active earlier in the week, arrived between two reads
// of the week with a read of the day between them, is still read for the week (review of issue 75's ledger).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SpendWindows } from '../../../src/app/budgets/spendWindows';
import type { ServerRegistry } from '../../../src/app/servers/serverRegistry';
import { SessionStore } from '../../../src/store/sessionStore';

/** A Wednesday noon; the session was last active on the Tuesday, inside the week and before the day. */
const NOW = new Date(2026, 10, 25, 12, 0, 0).getTime();
const TUESDAY = NOW - 86_400_000;

test('a session that arrives between two looks at the week is read for the week though the day was looked at between them', async () => {
  const store = new SessionStore(() => NOW);
  store.loadSnapshot([], {});
  const read: string[] = [];
  const connection = {
    label: 'srv',
    config: { id: 'srv' },
    state: { kind: 'online' },
    readingRecentTrees: undefined,
    sessions: store,
    listPrices: { pricer: undefined },
    history: { isComplete: () => false },
    loadAllMessages: async (id: string) => {
      read.push(id);
      await new Promise<void>((resolve) => setImmediate(resolve));
    },
  };
  const windows = new SpendWindows({ all: [connection] } as unknown as ServerRegistry, () => false);
  windows.current(true, NOW);
  await windows.settled();
  store.apply({
    type: 'session.upsert',
    info: { id: 'tuesday', title: 'Tuesday', directory: '/w', time: { created: TUESDAY, updated: TUESDAY } },
  });
  windows.current(false, NOW);
  await windows.settled();
  assert.deepEqual(read, [], 'the day has nothing of Tuesday to read');
  windows.current(true, NOW);
  await windows.settled();
  assert.deepEqual(read, ['tuesday']);
});
