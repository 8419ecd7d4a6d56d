// The replies a store's sessions spent (copiedHistory.ts: a fork's copies are not among them), kept by the minute
// OpenCode recorded them as the store changes: the budget windows then sum the week's minutes, not every session's
// every message (100 000 sessions were one step of ~100 ms per read of the windows). A bucket's sum is made again
// from its replies when one of them changed, so a sum never carries what an add and a subtract leave behind.
import { isCopiedMessage } from './copiedHistory';
import type { ListPricer } from './price/listPricer';
import type { AssistantUsage, SessionRecord } from './sessionRecord';

const BUCKET_MS = 60_000;

interface Bucket {
  replies: Set<AssistantUsage>;
  /**
   * Their cost summed with the pricer of this number (pricerId; 0: as recorded), not the pricer itself: a minute no
   * window reads again keeps no old catalog alive. Absent once a reply came or went.
   */
  sum?: { pricer: number; cost: number };
}

/** A reply's cost: as recorded, or (with a pricer: budget.countListPrice) its list price where recorded at $0. */
export function replyCost(message: AssistantUsage, pricer: ListPricer | undefined): number {
  const listed = pricer?.price(message.providerID, message.modelID, message.usage);
  return listed ? listed.cost : message.usage.cost;
}

/** What the budget windows read of a ledger. */
export interface SpendReader {
  sum(from: number, to: number, pricer: ListPricer | undefined, oldestFrom?: number): { cost: number; oldest: number };
  replies(from: number, to: number, pricer: ListPricer | undefined): Iterable<{ created: number; cost: number }>;
}

export class SpendLedger implements SpendReader {
  private readonly buckets = new Map<number, Bucket>();

  /** A message of `record` became `after` (either absent: added or removed), the record's info as it is now. */
  replace(record: SessionRecord, before: AssistantUsage | undefined, after: AssistantUsage | undefined): void {
    if (before === after) return;
    if (before && !isCopiedMessage(record, before)) this.drop(before);
    if (after && !isCopiedMessage(record, after)) this.keep(after);
  }

  /** Every message the record spent, in (`keep`) or out: a session added or removed, or its copies told again. */
  every(record: SessionRecord, keep: boolean): void {
    for (const message of record.messages.values())
      if (!isCopiedMessage(record, message)) {
        if (keep) this.keep(message);
        else this.drop(message);
      }
  }

  /**
   * The replies recorded in [from, to], cost summed with `pricer`, and the oldest with a cost from `oldestFrom` on
   * (Infinity: none). Costs O(minutes in the span) and the replies of the two minutes it cuts.
   */
  sum(from: number, to: number, pricer: ListPricer | undefined, oldestFrom = Infinity): { cost: number; oldest: number } {
    let cost = 0;
    let oldest = Infinity;
    const last = Math.floor(to / BUCKET_MS);
    for (let key = Math.floor(from / BUCKET_MS); key <= last; key++) {
      const bucket = this.buckets.get(key);
      if (!bucket) continue;
      const whole = key * BUCKET_MS >= from && (key + 1) * BUCKET_MS <= to;
      if (whole) {
        const id = pricerId(pricer);
        if (!bucket.sum || bucket.sum.pricer !== id) bucket.sum = { pricer: id, cost: costOf(bucket.replies, pricer) };
        cost += bucket.sum.cost;
      } else for (const r of bucket.replies) if (r.created >= from && r.created <= to) cost += replyCost(r, pricer);
      if (oldest === Infinity && (key + 1) * BUCKET_MS > oldestFrom) oldest = oldestIn(bucket.replies, oldestFrom, to, pricer);
    }
    return { cost, oldest };
  }

  /** The replies recorded in [from, to] with their cost: O(minutes in the span and their replies). */
  *replies(from: number, to: number, pricer: ListPricer | undefined): Generator<{ created: number; cost: number }> {
    const last = Math.floor(to / BUCKET_MS);
    for (let key = Math.floor(from / BUCKET_MS); key <= last; key++)
      for (const r of this.buckets.get(key)?.replies ?? [])
        if (r.created >= from && r.created <= to) yield { created: r.created, cost: replyCost(r, pricer) };
  }

  private keep(message: AssistantUsage): void {
    if (!Number.isFinite(message.created)) return;
    const key = Math.floor(message.created / BUCKET_MS);
    let bucket = this.buckets.get(key);
    if (!bucket) this.buckets.set(key, (bucket = { replies: new Set() }));
    bucket.replies.add(message);
    bucket.sum = undefined;
  }

  private drop(message: AssistantUsage): void {
    const key = Math.floor(message.created / BUCKET_MS);
    const bucket = this.buckets.get(key);
    if (!bucket?.replies.delete(message)) return;
    bucket.sum = undefined;
    if (!bucket.replies.size) this.buckets.delete(key);
  }
}

/** Each pricer's number, held weakly (0: costs as recorded). */
const pricerIds = new WeakMap<ListPricer, number>();
let lastPricerId = 0;

function pricerId(pricer: ListPricer | undefined): number {
  if (!pricer) return 0;
  let id = pricerIds.get(pricer);
  if (id === undefined) pricerIds.set(pricer, (id = ++lastPricerId));
  return id;
}

function costOf(replies: Iterable<AssistantUsage>, pricer: ListPricer | undefined): number {
  let cost = 0;
  for (const r of replies) cost += replyCost(r, pricer);
  return cost;
}

function oldestIn(replies: Iterable<AssistantUsage>, from: number, to: number, pricer: ListPricer | undefined): number {
  let oldest = Infinity;
  for (const r of replies) if (r.created >= from && r.created <= to && r.created < oldest && replyCost(r, pricer) > 0) oldest = r.created;
  return oldest;
}
