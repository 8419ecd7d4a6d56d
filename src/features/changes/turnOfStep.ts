import type { SessionRecord } from '../../store/sessionRecord';

/** The turn (user message) a step (assistant message) belongs to: the newest user message not after it. */
export function turnOfStep(record: SessionRecord, stepMessageID: string): string | undefined {
  const step = record.messages.get(stepMessageID);
  const at = step?.created;
  if (at === undefined) return undefined;
  let best: { id: string; created: number } | undefined;
  for (const [id, user] of record.userMessages)
    if (user.created <= at && (!best || user.created > best.created)) best = { id, created: user.created };
  return best?.id;
}
