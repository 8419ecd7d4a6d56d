// List-price sums over steps: a session's own, and the inclusive sum of its task tree (each descendant once).
import { selfAndAncestors } from '../ancestors';
import { unorderedSteps } from '../recordSteps';
import type { SessionReader } from '../sessionReader';
import type { SessionRecord } from '../sessionRecord';
import { totalTokens, type Usage } from '../usage';
import { needsListPrice, type ListPricer } from './listPricer';
import { listingKey } from './priceCatalog';

export interface ListSum {
  /** USD at list price, over steps recorded at 0 that have a listing. */
  listCost: number;
  /** Tokens of steps recorded at 0 with no listing anywhere: "no list price". */
  unlistedTokens: number;
  /** Names of the providers whose prices were used ("Anthropic"), each once. */
  sources: string[];
  /** The listings used, `providerID/modelID`, each once. */
  listings: string[];
}

export const EMPTY_LIST_SUM: ListSum = Object.freeze({ listCost: 0, unlistedTokens: 0, sources: [], listings: [] });

/**
 * Many sums in one: the names gathered in one set each (adding two at a time over a tree copied the names so far
 * per sum: sub-agents on n models, n²/2 copies).
 */
export function sumOfListSums(sums: Iterable<ListSum>): ListSum {
  let listCost = 0;
  let unlistedTokens = 0;
  const sources = new Set<string>();
  const listings = new Set<string>();
  for (const sum of sums) {
    listCost += sum.listCost;
    unlistedTokens += sum.unlistedTokens;
    for (const name of sum.sources) sources.add(name);
    for (const key of sum.listings) listings.add(key);
  }
  return { listCost, unlistedTokens, sources: [...sources], listings: [...listings] };
}

/** Steps with the model each ran on (`several`: a sum of steps never read one by one). */
export function listSumOf(
  steps: Iterable<{ providerID?: string; modelID?: string; usage: Usage; several?: boolean }>,
  pricer: ListPricer,
): ListSum {
  let listCost = 0;
  let unlistedTokens = 0;
  const sources = new Set<string>();
  const listings = new Set<string>();
  for (const step of steps) {
    const priced = pricer.price(step.providerID, step.modelID, step.usage, step.several);
    if (priced === null) unlistedTokens += totalTokens(step.usage);
    else if (priced) {
      listCost += priced.cost;
      sources.add(priced.listing.providerName);
      listings.add(listingKey(priced.listing.providerID, priced.listing.modelID));
    }
  }
  return { listCost, unlistedTokens, sources: [...sources], listings: [...listings] };
}

/**
 * A session's own list-price sum. Its steps are priced one by one; what its totals hold beyond the steps the
 * store has read (a session whose messages were never read) is priced at the session's model's base prices.
 */
export function recordListSum(record: SessionRecord, pricer: ListPricer): ListSum {
  const steps: Array<{ providerID?: string; modelID?: string; usage: Usage; several?: boolean }> = [...unorderedSteps(record)].map((s) => ({
    providerID: s.message.providerID,
    modelID: s.message.modelID,
    usage: s.usage,
  }));
  const read = steps.reduce((sum, s) => ({ tokens: sum.tokens + totalTokens(s.usage), cost: sum.cost + s.usage.cost }), {
    tokens: 0,
    cost: 0,
  });
  const rest = remainder(
    record.own,
    steps.map((s) => s.usage),
  );
  if (rest && totalTokens(rest) > 0 && record.own.cost - read.cost <= 0)
    steps.push({ providerID: record.info.model?.providerID, modelID: record.info.model?.id, usage: { ...rest, cost: 0 }, several: true });
  return listSumOf(steps, pricer);
}

/** The session's own plus every descendant's, each once. */
export function inclusiveListSum(reader: SessionReader, id: string, ownSum: (record: SessionRecord) => ListSum): ListSum {
  const record = reader.get(id);
  if (!record) return EMPTY_LIST_SUM;
  return sumOfListSums([ownSum(record), ...reader.descendantsOf(id).map(ownSum)]);
}

function remainder(total: Usage, parts: Usage[]): Usage | undefined {
  const rest = { ...total };
  for (const p of parts) {
    rest.input -= p.input;
    rest.output -= p.output;
    rest.reasoning -= p.reasoning;
    rest.cacheRead -= p.cacheRead;
    rest.cacheWrite -= p.cacheWrite;
  }
  const kinds = [rest.input, rest.output, rest.reasoning, rest.cacheRead, rest.cacheWrite];
  return kinds.every((n) => n >= 0) ? rest : undefined;
}

/** What a row shows of list prices: the session's own sum and its task tree's. */
export interface ListFigures {
  own: ListSum;
  inclusive: ListSum;
}

export function listFigures(reader: SessionReader, id: string, pricer: ListPricer): ListFigures | undefined {
  const record = reader.get(id);
  if (!record) return undefined;
  const ownSum = (r: SessionRecord) => recordListSum(r, pricer);
  return { own: ownSum(record), inclusive: inclusiveListSum(reader, id, ownSum) };
}

/** Whether any of a session's own figures is list priced: a step, or what no read step covers, recorded at $0 with tokens. */
export function wantsListPrice(record: SessionRecord): boolean {
  if (needsListPrice(record.own)) return true;
  for (const step of unorderedSteps(record)) if (needsListPrice(step.usage)) return true;
  return false;
}

/**
 * The sessions whose rows show a list price: those that want one, and their ancestors (whose inclusive sums
 * hold it). Only these are drawn again when a catalog arrives; redrawing every row closed a tooltip being read.
 */
export function listPricedSessions(reader: SessionReader): Set<string> {
  const ids = new Set<string>();
  for (const record of reader.all()) {
    if (!wantsListPrice(record)) continue;
    // An id already here has its ancestors here too: a walk up from each of n sessions in a chain was n²/2 steps.
    for (const id of selfAndAncestors(record.info.id, (child) => reader.get(child)?.info.parentID)) {
      if (ids.has(id)) break;
      ids.add(id);
    }
  }
  return ids;
}
