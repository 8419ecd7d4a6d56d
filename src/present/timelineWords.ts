// The timeline in words, for those who do not look at it: where the wall time went, the critical path, the longest
// wait, the most expensive sub-agent and the idle time between steps. Plain text (shown as text, never markup).
import { pushTo } from '../base/arrays';
import { formatCost, formatDuration } from './format';
import type { CriticalStep, TimelineFigures, TimelineMarkKind } from '../store/timeline/timelineTypes';

const WAIT_NAMES: Partial<Record<TimelineMarkKind, string>> = {
  permission: 'a permission',
  form: 'an answer',
  retry: 'a retry',
  pause: 'a budget pause',
};

/** Under a minute to a tenth of a second (steps are often short); longer as formatDuration says it. */
export function timelineDuration(ms: number): string {
  const safe = Math.max(0, Number.isFinite(ms) ? ms : 0);
  if (safe < 1000) return `${Math.round(safe)} ms`;
  if (safe < 60_000) return `${(Math.floor(safe / 100) / 10).toFixed(1)} s`;
  return formatDuration(safe);
}

export function timelineWords(f: TimelineFigures): string[] {
  const words = [
    `Wall time ${timelineDuration(f.wallMs)}: busy ${timelineDuration(f.busyMs)}, waiting ${timelineDuration(f.waitingMs)}, idle ${timelineDuration(f.idleMs)}.`,
  ];
  if (f.criticalPath.length > 1) words.push(`Critical path: ${criticalPathWords(f.criticalPath)}.`);
  if (f.longestWait)
    words.push(
      `Longest wait: ${timelineDuration(f.longestWait.ms)} for ${WAIT_NAMES[f.longestWait.kind] ?? f.longestWait.kind} in “${f.longestWait.title}”.`,
    );
  if (f.mostExpensive) words.push(`Most expensive sub-agent: “${f.mostExpensive.title}”, ${formatCost(f.mostExpensive.cost)}.`);
  if (f.longestIdle)
    words.push(`Idle between steps: ${timelineDuration(f.idleMs)} in all, the longest ${timelineDuration(f.longestIdle.ms)}.`);
  return words;
}

/**
 * The critical path as it ran: a chain (→) only from a session to the sub-agent it waited on; the sub-agents one
 * session waited on in turn are siblings, listed in braces in the order they ran: “A” → {“B” (2.6 s), then “C”
 * (1.3 s)} (issue 77: "A → B → C" read as a chain). `path` is depth first (each step after the one that waited on it).
 */
export function criticalPathWords(path: ReadonlyArray<CriticalStep>): string {
  const below = new Map<string, CriticalStep[]>();
  for (const step of path.slice(1)) {
    const parent = step.parentId ?? path[0].id;
    pushTo(below, parent, step);
  }
  // Iterative (a path may be deep): a stack of what is still to be written, words or a step.
  const out: string[] = [];
  const stack: Array<string | { step: CriticalStep; root: boolean }> = [{ step: path[0], root: true }];
  const seen = new Set<string>();
  while (stack.length) {
    const next = stack.pop()!;
    if (typeof next === 'string') {
      out.push(next);
      continue;
    }
    const { step, root } = next;
    out.push(root ? `“${step.title}”` : `“${step.title}” (${timelineDuration(step.ms)})`);
    if (seen.has(step.id)) continue;
    seen.add(step.id);
    const children = below.get(step.id) ?? [];
    if (!children.length) continue;
    const items: Array<string | { step: CriticalStep; root: boolean }> = [' → '];
    if (children.length > 1) items.push('{');
    children.forEach((child, i) => {
      if (i > 0) items.push(', then ');
      items.push({ step: child, root: false });
    });
    if (children.length > 1) items.push('}');
    for (let i = items.length - 1; i >= 0; i--) stack.push(items[i]);
  }
  return out.join('');
}
