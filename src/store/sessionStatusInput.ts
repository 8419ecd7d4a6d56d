// The session status's input, read from a store: the extension builds it from its own, the OpenCode plugin
// from one it fills itself. So both answer with the same figures.
import { runNow, type Steps } from '../base/slices';
import { selfAndAncestors } from './ancestors';
import { contextUsage, lastContextMessage } from './contextUsage';
import { listSumOf } from './price/listSum';
import type { ListPricer } from './price/listPricer';
import { recordStepsIn } from './recordSteps';
import { repliesOf } from './budgetWindows';
import type { SessionReader } from './sessionReader';
import type { SessionRecord } from './sessionRecord';
import type { StatusSessionInput } from './sessionStatus';

/** The sessions of `sessionId`'s task tree (its root and every descendant), or undefined when it is unknown. */
/** With `pricer`, each step's list price too (steps OpenCode recorded at $0). */
export function statusSessions(
  sessions: SessionReader,
  sessionId: string,
  contextLimit: (providerID: string, modelID: string) => number | undefined,
  pricer?: ListPricer,
): StatusSessionInput[] | undefined {
  return runNow(statusSessionSteps(sessions, sessionId, contextLimit, pricer));
}

/** statusSessions in steps, one a session: the plugin runs it sliced on a tree of thousands of sub-agents. */
export function* statusSessionSteps(
  sessions: SessionReader,
  sessionId: string,
  contextLimit: (providerID: string, modelID: string) => number | undefined,
  pricer?: ListPricer,
): Steps<StatusSessionInput[] | undefined> {
  if (!sessions.get(sessionId)) return undefined;
  let rootId = sessionId;
  for (const id of selfAndAncestors(sessionId, (c) => sessions.parentOf(c))) rootId = id;
  const inputs = [yield* statusSession(sessions.get(rootId)!, contextLimit, pricer)];
  for (const record of sessions.descendantsOf(rootId)) {
    yield;
    inputs.push(yield* statusSession(record, contextLimit, pricer));
  }
  return inputs;
}

function* statusSession(
  record: SessionRecord,
  contextLimit: (providerID: string, modelID: string) => number | undefined,
  pricer?: ListPricer,
): Generator<void, StatusSessionInput, void> {
  const { info } = record;
  // A fork's copies are listed among its steps, but were not its turns (copiedHistory.ts). Read in slices: a long
  // session's steps are put in order as they are read.
  const steps = (yield* recordStepsIn(record)).steps.filter((s) => !s.copied);
  const context = contextUsage(record.messages.values(), contextLimit);
  return {
    id: info.id,
    parentId: info.parentID,
    title: info.title,
    agent: info.agent,
    model: modelOf(record),
    busy: record.status.type !== 'idle',
    steps: steps.map((s) => s.usage),
    ...(pricer && {
      stepLists: steps.map((s) => listSumOf([{ providerID: s.message.providerID, modelID: s.message.modelID, usage: s.usage }], pricer)),
    }),
    context: context && { tokens: context.tokens, limit: context.limit },
    spend: [...repliesOf([record])],
  };
}

/** The session's configured model, else the one its newest reply used: `providerID/modelID`. */
function modelOf(record: SessionRecord): string | undefined {
  const configured = record.info.model;
  if (configured?.id) return configured.providerID ? `${configured.providerID}/${configured.id}` : configured.id;
  const last = lastContextMessage(record.messages.values());
  return last?.modelID ? (last.providerID ? `${last.providerID}/${last.modelID}` : last.modelID) : undefined;
}
