// Totals for a cluster that count every session exactly once.
//
// A connected Agent server's total (from its own session store) already holds every session on it,
// including the sessions of its Tasks. A Task's status.session.summary is counted only when its session is
// not on a connected Agent server (server offline, unreachable, or the session deleted there).
//
// Representation: Task summaries give cache read + write only as one sum, so it cannot be split into
// cacheRead/cacheWrite without inventing numbers. Totals are therefore a Usage (exact, from servers) plus
// `cacheCombined` (from Task summaries). Total tokens and cost stay exact either way. A Task whose cost
// string is unreadable adds nothing to `cost` and is counted in `unknownCostTasks`, so the UI can say the
// cost is "at least" rather than show a wrong number. A summary counts the Task's own session only (no
// sub-agents), as kubeopencode reports it.
import { addUsage, totalTokens, type Usage } from '../usage';
import type { TaskObject } from './kubeObjects';
import { taskView } from './taskView';

export interface MixedUsage extends Usage {
  /** Cache read + write tokens known only as their sum (Task summaries). */
  cacheCombined: number;
  /** Tokens known only as one total, of no kind (Task summaries in the docs' shape: `tokenUsage` an integer). */
  unsplit: number;
  /** Tasks included whose cost could not be read: when > 0, `cost` is a lower bound. */
  unknownCostTasks: number;
}

export interface ClusterTotal extends MixedUsage {
  /** Connected Agent servers whose totals are included. */
  agentServers: number;
  /** Task summaries included (Tasks whose session is on no connected Agent server). */
  tasksCounted: number;
}

export interface ClusterTotalInput {
  /** One total per connected Agent server, each over every session on that server. */
  agentTotals: readonly Usage[];
  tasks: readonly TaskObject[];
  /** True when the Task's session is listed by its Agent's connected server (so already in agentTotals). */
  sessionOnConnectedAgent(task: TaskObject): boolean;
}

const ZERO_MIXED: Readonly<MixedUsage> = Object.freeze({
  input: 0,
  output: 0,
  reasoning: 0,
  cacheRead: 0,
  cacheWrite: 0,
  cost: 0,
  cacheCombined: 0,
  unsplit: 0,
  unknownCostTasks: 0,
});

export function clusterTotal(input: ClusterTotalInput): ClusterTotal {
  const total: ClusterTotal = { ...sumMixed(input.agentTotals), agentServers: input.agentTotals.length, tasksCounted: 0 };
  const seen = new Set<string>();
  for (const task of input.tasks) {
    const view = taskView(task, 0);
    const s = view.summary;
    if ((!s && !view.summaryUnknown) || input.sessionOnConnectedAgent(task)) continue;
    // The same session reported twice (e.g. a duplicate in a watch list) still counts once.
    const key = view.sessionId
      ? `session:${view.sessionId}`
      : `task:${task.metadata.uid ?? `${task.metadata.namespace}/${task.metadata.name}`}`;
    if (seen.has(key)) continue;
    seen.add(key);
    // An old controller's all-zero summary: the Task spent something unknown, so the total is a lower bound.
    if (!s) {
      total.unknownCostTasks++;
      continue;
    }
    if (s.totalOnly) total.unsplit += s.totalTokens;
    else {
      total.input += s.input;
      total.output += s.output;
      total.reasoning += s.reasoning;
      total.cacheCombined += s.cache;
    }
    if (s.cost === undefined) total.unknownCostTasks++;
    else total.cost += s.cost;
    total.tasksCounted++;
  }
  return total;
}

/** Every token of every kind, including the cache known only as a sum. */
export function mixedTokens(u: Usage | MixedUsage): number {
  return totalTokens(u) + ('cacheCombined' in u ? u.cacheCombined + u.unsplit : 0);
}

/** Local servers (Usage) and clusters or Task summaries (MixedUsage) added up. */
export function sumMixed(parts: ReadonlyArray<Usage | MixedUsage>): MixedUsage {
  let sum: MixedUsage = { ...ZERO_MIXED };
  for (const p of parts) {
    const mixed = 'cacheCombined' in p ? p : undefined;
    sum = {
      ...addUsage(sum, p),
      cacheCombined: sum.cacheCombined + (mixed?.cacheCombined ?? 0),
      unsplit: sum.unsplit + (mixed?.unsplit ?? 0),
      unknownCostTasks: sum.unknownCostTasks + (mixed?.unknownCostTasks ?? 0),
    };
  }
  return sum;
}
