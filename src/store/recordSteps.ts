// A session's finished model steps, from what the store holds of its messages: one per `step-finish` part.
// Servers that folded several steps into one message overwrote the message's tokens with the last step's, so
// a message's own tokens stand in only when it has no step-finish parts. The usage panel's rows and the
// session status both read steps from here. A copy a fork was made with is listed as such, having spent nothing here
// (copiedHistory.ts): every sum of steps counts it at 0.
import { isCopiedMessage } from './copiedHistory';
import type { AssistantUsage, SessionRecord } from './sessionRecord';
import { totalTokens, ZERO_USAGE, type Usage } from './usage';
import { pushAll } from '../base/arrays';
import { sortSteps } from '../base/sortSteps';

/** Messages read between two yields of recordStepsIn. */
const SLICE = 2048;

export interface RecordStep {
  message: AssistantUsage;
  /** What the step spent in this session: nothing for a copy. */
  usage: Usage;
  source: 'step' | 'message';
  /** A copy the session was forked with: the figures its original recorded for it (spent there, not here). */
  copied?: Usage;
}

export interface RecordSteps {
  steps: RecordStep[];
  /** Step counts after which a compaction happened. */
  compactions: number[];
}

export function recordSteps(record: SessionRecord): RecordSteps {
  const steps = recordStepsIn(record);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** The same, yielding every few thousand messages: a session of 100 000 steps is not read in one step. */
export function* recordStepsIn(record: SessionRecord): Generator<void, RecordSteps, void> {
  const entries: Array<{ id: string; created: number; message?: AssistantUsage }> = [];
  for (const m of record.messages.values()) {
    entries.push({ id: m.id, created: m.created, message: m });
    if (entries.length % SLICE === 0) yield;
  }
  for (const [id, user] of record.userMessages) if (user.compaction) entries.push({ id, created: user.created });
  // Message ids sort by creation on the server; the time breaks no ties it gets wrong. In slices: pages read newest
  // first leave the messages in runs, and a one-go sort of 200 000 took 57 ms of the host's thread.
  yield* sortSteps(entries, (a, b) => a.created - b.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const steps: RecordStep[] = [];
  const compactions: number[] = [];
  for (const [i, { message }] of entries.entries()) {
    if (!message) {
      if (steps.length > 0) compactions.push(steps.length);
      continue;
    }
    pushAll(steps, messageSteps(record, message));
    if (i % SLICE === SLICE - 1) yield;
  }
  return { steps, compactions };
}

/** One assistant message's steps: its step-finish parts, else the message itself once it has figures. */
export function messageSteps(record: SessionRecord, message: AssistantUsage): RecordStep[] {
  const finished = record.steps.get(message.id);
  const copied = isCopiedMessage(record, message);
  const step = (usage: Usage, source: RecordStep['source']): RecordStep =>
    copied ? { message, usage: { ...ZERO_USAGE }, source, copied: usage } : { message, usage, source };
  if (finished?.size) return [...finished.values()].map((usage) => step(usage, 'step'));
  // A message still streaming (no completion, no tokens yet) is not a step yet.
  return totalTokens(message.usage) + message.usage.cost > 0 ? [step(message.usage, 'message')] : [];
}

/** The same steps in no particular order, without sorting: for sums, which a tree row redraws often. */
export function* unorderedSteps(record: SessionRecord): Generator<RecordStep> {
  for (const message of record.messages.values()) yield* messageSteps(record, message);
}
