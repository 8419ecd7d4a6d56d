// Server and folder rows lead with a total of their sessions: redrawn at most once a second while figures move,
// and only the rows whose words changed (a server row's redraw reads its rows again).
import assert from 'node:assert/strict';
import { afterEach, beforeEach, mock, test } from 'node:test';
import { TotalsRefresh } from '../../../src/features/sessions/tree/totalsRefresh';

beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
afterEach(() => mock.timers.reset());

test('rows whose total changed are redrawn once, within a second; unchanged and never-shown rows are not', () => {
  const server = { id: 'server' };
  const folder = { id: 'folder' };
  const hidden = { id: 'hidden' };
  const says = new Map([
    [server, '$1.00 · host'],
    [folder, '$0.40 · 2 sessions'],
    [hidden, '$0.00'],
  ]);
  const redrawn: string[][] = [];
  const totals = new TotalsRefresh<{ id: string }>(
    (node) => says.get(node)!,
    (nodes) => redrawn.push(nodes.map((n) => n.id)),
  );
  totals.shown(server, '$1.00 · host');
  totals.shown(folder, '$0.40 · 2 sessions');
  says.set(server, '$1.20 · host');
  says.set(hidden, '$9.00');
  // Many changes within the second: one look at the end of it.
  for (let i = 0; i < 50; i++) totals.changed([server, folder, hidden]);
  mock.timers.tick(999);
  assert.deepEqual(redrawn, []);
  mock.timers.tick(1);
  assert.deepEqual(redrawn, [['server']], 'only the server row says something new; the hidden one was never shown');
  // Redrawn, it says the new total: nothing more until it changes again.
  totals.shown(server, '$1.20 · host');
  totals.changed([server, folder]);
  mock.timers.tick(1000);
  assert.deepEqual(redrawn, [['server']]);
  totals.dispose();
});
