// Each model's share of a session's steps, for the usage panel's summary (StepList.shares): the sums of every model
// kept as rows are added, then read in slices for the costliest few and one sum of the rest. A session may call a
// model per step (100 000 models): the summary names MODELS_NAMED, so nothing here copies or sorts every model, and a
// read of them makes no object per model.
import type { Steps } from '../base/slices';
import { addUsageInto, ZERO_USAGE, type Usage } from '../store/usage';
import type { ModelShares, ShareRow, StepRow } from './usageRows';
import { figures } from './usageSummary';

/** Models read between two yields of sharesOf. */
const MODELS_SLICE = 4096;

export interface Share {
  usage: Usage;
  listCost?: number;
}

/** Each model's sums over the rows added, in the order the models were first called. */
export class ModelSums {
  readonly labels: string[] = [];
  /** The sums of `labels[i]`, changed in place as rows are added (no object is made per row). */
  readonly sums: Share[] = [];
  private readonly index = new Map<string, number>();

  add(row: StepRow): void {
    // A fork's copies were spent by its original (their figures here are 0): no model's share.
    if (row.copied) return;
    const label = labelOf(row);
    let at = this.index.get(label);
    if (at === undefined) {
      at = this.labels.push(label) - 1;
      this.index.set(label, at);
      this.sums.push({ usage: { ...ZERO_USAGE } });
    }
    const share = this.sums[at];
    addUsageInto(share.usage, row);
    if (row.listCost) share.listCost = (share.listCost ?? 0) + row.listCost;
  }

  get(label: string): Share | undefined {
    const at = this.index.get(label);
    return at === undefined ? undefined : this.sums[at];
  }
}

function labelOf(row: StepRow): string {
  return row.model || 'unknown';
}

/**
 * The `most` costliest models of `kept` and of the rows `tail` (the last message's, added to their model's kept sums),
 * costliest first, and the rest summed as one: a pass to pick them (a bounded insertion, not a sort), then one to
 * sum the rest, in slices.
 */
export function* sharesOf(kept: ModelSums, tail: readonly StepRow[], most: number): Steps<ModelShares> {
  // The tail's models with its rows added (a few): read in place of their kept sums.
  const withTail = new Map<string, Share>();
  const fresh: string[] = [];
  for (const row of tail) {
    if (row.copied) continue;
    const label = labelOf(row);
    const share = withTail.get(label) ?? kept.get(label);
    if (!share) fresh.push(label);
    withTail.set(label, plus(share, row));
  }
  const { labels, sums } = kept;
  const shareAt = withTail.size ? (i: number) => withTail.get(labels[i]) ?? sums[i] : (i: number) => sums[i];
  const costliest = new Costliest(most);
  for (let i = 0; i < labels.length; i++) {
    costliest.consider(labels[i], shareAt(i));
    if (i % MODELS_SLICE === MODELS_SLICE - 1) yield;
  }
  // Models of the last message only: after the others, as they were first called.
  for (const label of fresh) costliest.consider(label, withTail.get(label)!);
  const byModel = costliest.rows();
  const count = labels.length + fresh.length;
  if (count <= byModel.length) return { byModel };
  const named = new Set(byModel.map((m) => m.label));
  const usage = { ...ZERO_USAGE };
  let listCost = 0;
  const addRest = (label: string, share: Share) => {
    if (named.has(label)) return;
    addUsageInto(usage, share.usage);
    listCost += share.listCost ?? 0;
  };
  for (let i = 0; i < labels.length; i++) {
    addRest(labels[i], shareAt(i));
    if (i % MODELS_SLICE === MODELS_SLICE - 1) yield;
  }
  for (const label of fresh) addRest(label, withTail.get(label)!);
  return { byModel, otherModels: { count: count - byModel.length, usage, ...(listCost > 0 && { listCost }) } };
}

/** A model's sums with one more row, as a new object (a kept sum is not changed). */
function plus(share: Share | undefined, row: StepRow): Share {
  const listCost = row.listCost ? (share?.listCost ?? 0) + row.listCost : share?.listCost;
  const usage = { ...(share?.usage ?? ZERO_USAGE) };
  addUsageInto(usage, row);
  return { usage, ...(listCost !== undefined && { listCost }) };
}

/** The `most` costliest of the models offered, costliest first, the first offered first among equals. */
class Costliest {
  private readonly top: Array<{ label: string; share: Share; cost: number }> = [];

  constructor(private readonly most: number) {}

  consider(label: string, share: Share): void {
    const cost = share.usage.cost + (share.listCost ?? 0);
    const { top, most } = this;
    // Not costlier than the last of a full list: out, as a later model tied with it is (and a NaN).
    if (top.length >= most && !(cost > top[top.length - 1].cost)) return;
    let at = top.length;
    while (at > 0 && top[at - 1].cost < cost) at--;
    top.splice(at, 0, { label, share, cost });
    if (top.length > most) top.pop();
  }

  rows(): ShareRow[] {
    return this.top.map(({ label, share }) => ({
      label,
      usage: figures(share.usage),
      ...(share.listCost !== undefined && { listCost: share.listCost }),
    }));
  }
}
