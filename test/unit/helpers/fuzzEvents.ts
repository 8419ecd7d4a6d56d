// Seeded event fuzzing: real recorded OpenCode events, mutated the ways broken or hostile servers do (fields
// dropped, wrong types, huge strings, unknown types, duplicates, reordering, children before parents, deletes
// of unknown ids, parent loops). The same seed always gives the same events, so a failing seed replays.

/** mulberry32: a tiny seeded PRNG; no dependency needed for reproducible fuzzing. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WRONG_VALUES: unknown[] = [null, undefined, 0, -1, -1e9, NaN, Infinity, '12', '', 'x', true, [], {}, [1, 2], { type: 'busy' }];

export class EventFuzzer {
  private readonly random: () => number;
  /** Session ids are folded into a small pool so that parents, children, deletes and loops collide often. */
  private readonly pool: string[];

  constructor(
    private readonly base: readonly unknown[],
    seed: number,
    poolSize = 24,
  ) {
    this.random = prng(seed);
    this.pool = Array.from({ length: poolSize }, (_, i) => `ses_fuzz${String(i).padStart(2, '0')}`);
  }

  /** `count` events: mutated copies of recorded ones and synthetic hostile ones, shuffled in small windows. */
  batch(count: number): unknown[] {
    const out: unknown[] = [];
    while (out.length < count) {
      const roll = this.random();
      if (roll < 0.08) out.push(this.deleteEvent());
      else if (roll < 0.18) out.push(this.reparentEvent());
      else {
        const event = this.mutate(this.remapIds(structuredClone(this.pick(this.base))));
        out.push(event);
        if (this.random() < 0.1) out.push(structuredClone(event)); // a duplicate
      }
    }
    // Reordering: swap neighbours within a window, so children can arrive before their parents.
    for (let i = 0; i < out.length; i++) {
      if (this.random() < 0.2) {
        const j = Math.min(out.length - 1, i + 1 + Math.floor(this.random() * 8));
        [out[i], out[j]] = [out[j], out[i]];
      }
    }
    return out.slice(0, count);
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  private poolId(): string {
    return this.pick(this.pool);
  }

  private deleteEvent(): unknown {
    const id = this.random() < 0.5 ? this.poolId() : `ses_unknown${Math.floor(this.random() * 1000)}`;
    return { directory: '/fuzz', payload: { type: 'session.deleted', properties: { sessionID: id, info: { id } } } };
  }

  /** A session update whose parent is any pool session, itself included: loops of every length. */
  private reparentEvent(): unknown {
    const id = this.poolId();
    const cost = this.random() < 0.8 ? Math.round(this.random() * 1e6) / 1e6 : this.pick(WRONG_VALUES);
    const tokens = {
      input: Math.floor(this.random() * 1e5),
      output: this.pick([5, -5, '5', NaN, 100]),
      reasoning: 0,
      cache: { read: 10, write: this.pick([0, null, 3]) },
    };
    return {
      directory: '/fuzz',
      payload: {
        type: this.random() < 0.5 ? 'session.created' : 'session.updated',
        properties: {
          sessionID: id,
          info: {
            id,
            parentID: this.random() < 0.8 ? this.poolId() : undefined,
            title: id,
            directory: '/fuzz',
            cost,
            tokens,
            time: { created: Math.floor(this.random() * 100), updated: Math.floor(this.random() * 100) },
          },
        },
      },
    };
  }

  /** Every `ses_…` id in the item becomes one of the pool's (the same recorded id always maps alike). */
  private remapIds(item: unknown): unknown {
    const map = (value: unknown): unknown => {
      if (typeof value === 'string' && value.startsWith('ses_')) return this.pool[hash(value) % this.pool.length];
      if (Array.isArray(value)) return value.map(map);
      if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, map(v)]));
      return value;
    };
    return map(item);
  }

  private mutate(item: unknown): unknown {
    const mutations = Math.floor(this.random() * 4);
    for (let m = 0; m < mutations; m++) {
      const roll = this.random();
      if (roll < 0.05) return this.pick(WRONG_VALUES); // not an event at all
      const leaves = paths(item);
      if (leaves.length === 0) break;
      const path = this.pick(leaves);
      if (roll < 0.35) removeAt(item, path);
      else if (roll < 0.75) setAt(item, path, this.pick(WRONG_VALUES));
      else if (roll < 0.85) setAt(item, path, 'x'.repeat(1000 + Math.floor(this.random() * 200_000)));
      else if (roll < 0.95) setAt(item, ['payload', 'type'], `fuzz.${Math.floor(this.random() * 5)}`);
      else setAt(item, path, '\u202e<img src=x onerror=alert(1)>$(zap)[x](command:workbench.action.quit)\u200b');
    }
    return item;
  }
}

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) >>> 0;
  return h;
}

/** Paths to every value inside an object (objects and arrays included), for picking what to break. */
function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (!value || typeof value !== 'object') return out;
  for (const [key, child] of Object.entries(value)) {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    out.push(path);
    if (out.length < 400) paths(child, path, out);
  }
  return out;
}

function parentAt(root: unknown, path: (string | number)[]): Record<string | number, unknown> | undefined {
  let cur: unknown = root;
  for (const key of path.slice(0, -1)) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur && typeof cur === 'object' ? (cur as Record<string | number, unknown>) : undefined;
}

function setAt(root: unknown, path: (string | number)[], value: unknown): void {
  const parent = parentAt(root, path);
  if (parent) parent[path[path.length - 1]] = value;
}

function removeAt(root: unknown, path: (string | number)[]): void {
  const parent = parentAt(root, path);
  if (parent) delete parent[path[path.length - 1]];
}
