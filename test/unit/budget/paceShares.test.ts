// The status bar names the windows' pace beside each server's part of it (issue 77: "$14.52/h" for every server
// beside "$8.88/h" and "$0.00/h" for the two): the parts add up to the whole, and a server that spent in the window
// and stopped still has its part, since the whole counts what it spent.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SpendWindows } from '../../../src/app/budgets/spendWindows';
import type { ServerRegistry } from '../../../src/app/servers/serverRegistry';

const NOW = new Date(2026, 10, 25, 12, 0, 0).getTime();
const MINUTE = 60_000;

function server(id: string, replies: Array<{ created: number; cost: number }>) {
  return {
    label: id,
    config: { id },
    sessions: { spend: { replies: (from: number, to: number) => replies.filter((r) => r.created >= from && r.created <= to) } },
    listPrices: { pricer: undefined },
  };
}

test("each server's part of the pace adds up to every server's pace, a server that stopped included", () => {
  // A: $0.10 every 30 s over the last 5 minutes, still spending. B: $0.50 three times 14 to 12 minutes ago, then nothing.
  const a = Array.from({ length: 11 }, (_, i) => ({ created: NOW - i * 30_000, cost: 0.1 }));
  const b = [14, 13, 12].map((m) => ({ created: NOW - m * MINUTE, cost: 0.5 }));
  const registry = { all: [server('A', a), server('B', b)] } as unknown as ServerRegistry;
  const { all, servers } = new SpendWindows(registry, () => false).pace(NOW + 1000);
  assert.ok(all && all.stoppedAt === undefined, 'every server together still spends');
  assert.deepEqual(
    servers.map((s) => s.label),
    ['A', 'B'],
  );
  const sum = servers.reduce((total, s) => total + s.share, 0);
  assert.ok(Math.abs(sum - all.ratePerHour) < 1e-9, `the parts ${servers.map((s) => s.share).join(' + ')} make ${all.ratePerHour}`);
  assert.ok(servers[1].share > servers[0].share, "B spent $1.50 of the window's $2.60: the larger part");
});

test('a server with a single reply in the window has a part of the pace too', () => {
  const a = [NOW - 60_000, NOW].map((created) => ({ created, cost: 0.2 }));
  const registry = { all: [server('A', a), server('B', [{ created: NOW - 30_000, cost: 0.2 }])] } as unknown as ServerRegistry;
  const { all, servers } = new SpendWindows(registry, () => false).pace(NOW);
  assert.equal(servers.length, 2);
  assert.ok(Math.abs(servers[0].share + servers[1].share - all!.ratePerHour) < 1e-9);
});
