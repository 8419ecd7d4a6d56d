// Fuzzing the live path: 30 000+ events made from the recorded real streams and broken the ways bad servers
// break them (test/unit/helpers/fuzzEvents.ts), fed through the real parser and the real store with fixed
// seeds. After every batch the store's invariants are checked with code of its own: nothing throws, every
// session shows exactly once in the tree, no parent loop, inclusive = own + each descendant once, every
// number finite and non-negative, and the tree order does not depend on the order the sessions came in.
// A failure names its seed and batch, so it replays.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseEvent } from '../../../src/client/v1/events';
import { sortChildren, sortRoots, SORT_ORDERS } from '../../../src/store/sessionOrder';
import { SessionStore } from '../../../src/store/sessionStore';
import type { Usage } from '../../../src/store/usage';
import { EventFuzzer } from '../helpers/fuzzEvents';
import { readSse } from '../helpers/sse';
import { waitingIn } from '../helpers/waitingIn';

const FIXTURES = ['global-task-children.sse', 'event-compaction.sse', 'event-permission.sse', 'event-retry.sse', 'event-abort-revert.sse'];
const BATCH = 500;
const BATCHES = 20;
const RUNS: Array<{ seed: number; pool: number }> = [
  { seed: 1, pool: 8 },
  { seed: 2, pool: 24 },
  { seed: 3, pool: 24 },
  { seed: 20261122, pool: 200 },
];

const FIELDS: (keyof Usage)[] = ['input', 'output', 'reasoning', 'cacheRead', 'cacheWrite', 'cost'];

/** Every invariant a view relies on; throws with what broke. */
function checkInvariants(store: SessionStore): void {
  const all = [...store.all()];
  const ids = new Set(all.map((r) => r.info.id));

  // The index the budget guard reads: exactly the sessions whose status is not idle.
  const notIdle = (records: Iterable<{ info: { id: string } }>) => [...records].map((r) => r.info.id).sort();
  assert.deepEqual(notIdle(store.notIdle()), notIdle(all.filter((r) => r.status.type !== 'idle')), 'notIdle() lists the sessions that run');

  // No loop: each session's chain of shown parents ends, inside the store.
  const ancestors = new Map<string, string[]>();
  for (const record of all) {
    const chain: string[] = [];
    const seen = new Set([record.info.id]);
    for (let cur = store.parentOf(record.info.id); cur; cur = store.parentOf(cur)) {
      assert.ok(!seen.has(cur), `parent loop through ${cur}`);
      assert.ok(ids.has(cur), `shown under ${cur}, which is not in the store`);
      seen.add(cur);
      chain.push(cur);
    }
    ancestors.set(record.info.id, chain);
  }

  // Every session shows exactly once, walking the tree from its roots, under the parent it names.
  const visits = new Map<string, number>();
  const walk = (id: string, depth: number) => {
    assert.ok(depth <= all.length, `the tree under ${id} is deeper than the store is large`);
    visits.set(id, (visits.get(id) ?? 0) + 1);
    for (const child of store.childrenOf(id)) {
      assert.equal(store.parentOf(child.info.id), id, `${child.info.id} is listed under ${id} but names another parent`);
      walk(child.info.id, depth + 1);
    }
  };
  for (const root of store.roots()) walk(root.info.id, 0);
  for (const id of ids) assert.equal(visits.get(id) ?? 0, 1, `${id} shows ${visits.get(id) ?? 0} times in the tree`);

  // Inclusive totals, computed bottom-up from the ancestor chains: own + every descendant's own, once.
  const expected = new Map<string, Usage>(all.map((r) => [r.info.id, { ...r.own }]));
  for (const record of all) {
    for (const ancestor of ancestors.get(record.info.id)!) {
      const sum = expected.get(ancestor)!;
      for (const field of FIELDS) sum[field] += record.own[field];
    }
  }
  for (const record of all) {
    const id = record.info.id;
    const inclusive = store.inclusive(id);
    for (const field of FIELDS) {
      for (const [what, value] of [
        ['own', record.own[field]],
        ['inclusive', inclusive[field]],
      ] as const) {
        assert.ok(Number.isFinite(value) && value >= 0, `${id} ${what}.${field} is ${value}`);
      }
      const want = expected.get(id)![field];
      assert.ok(
        Math.abs(inclusive[field] - want) <= 1e-9 * Math.max(1, want),
        `${id} inclusive.${field}: ${inclusive[field]}, expected ${want}`,
      );
    }
    const waiting = waitingIn(store, id);
    assert.ok(Number.isInteger(waiting) && waiting >= 0, `${id} waitingIn ${waiting}`);
  }

  // Order: the same sessions in any arrival order sort alike, for every root order and for children.
  const roots = store.roots();
  for (const by of SORT_ORDERS) {
    const once = sortRoots([...roots], by, (id) => store.inclusive(id)).map((r) => r.info.id);
    const again = sortRoots([...roots].reverse(), by, (id) => store.inclusive(id)).map((r) => r.info.id);
    assert.deepEqual(again, once, `roots by ${by} depend on arrival order`);
  }
  for (const record of all) {
    const children = store.childrenOf(record.info.id);
    assert.deepEqual(
      sortChildren([...children].reverse()).map((r) => r.info.id),
      sortChildren([...children]).map((r) => r.info.id),
      `children of ${record.info.id}`,
    );
  }
}

describe('store fuzzing with recorded events, broken on purpose', () => {
  const base = FIXTURES.flatMap((name) => readSse(name).items);

  test('the recorded streams are there to start from', () => {
    assert.ok(base.length > 100, `${base.length} recorded events`);
  });

  for (const { seed, pool } of RUNS) {
    test(`seed ${seed}, ${pool} session ids: ${BATCH * BATCHES} events keep every invariant`, () => {
      const fuzzer = new EventFuzzer(base, seed, pool);
      const store = new SessionStore();
      let applied = 0;
      for (let batch = 0; batch < BATCHES; batch++) {
        try {
          for (const raw of fuzzer.batch(BATCH)) {
            const event = parseEvent(raw, () => undefined);
            if (!event) continue;
            store.apply(event);
            applied += 1;
          }
          checkInvariants(store);
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          assert.fail(`seed ${seed}, pool ${pool}, batch ${batch}: ${message}`);
        }
      }
      // A fuzzer that broke every event would test nothing.
      assert.ok(applied > BATCH * BATCHES * 0.2, `only ${applied} events were readable`);
      assert.ok(store.size > 0, 'sessions were made');
    });
  }
});
