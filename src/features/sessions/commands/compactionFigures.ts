// A session's context around a compaction: the model it compacts with, and the context % before and after.
import type { ServerConnection } from '../../../client/serverConnection';
import { formatPercent } from '../../../present/format';
import { summaryTokens } from '../../../store/compactionContext';
import { contextFraction, lastContextMessage, type ContextUsage } from '../../../store/contextUsage';
import type { SessionRecord } from '../../../store/sessionRecord';

/** The session's configured model, else the one its newest reply used. */
export function modelOf(record: SessionRecord): { providerID: string; modelID: string } | undefined {
  const configured = record.info.model;
  if (configured?.id && configured.providerID) return { providerID: configured.providerID, modelID: configured.id };
  const last = lastContextMessage(record.messages.values());
  return last?.modelID && last.providerID ? { providerID: last.providerID, modelID: last.modelID } : undefined;
}

export async function afterFraction(
  connection: ServerConnection,
  id: string,
  model: { providerID: string; modelID: string },
  knownLimit: number | undefined,
): Promise<number | undefined> {
  const record = connection.sessions.get(id);
  const tokens = record && summaryTokens(record.messages.values());
  const limit = knownLimit ?? (await connection.modelLimits.contextLimit(model.providerID, model.modelID));
  return tokens !== undefined && limit ? tokens / limit : undefined;
}

export const percent = (fraction: number | undefined) => (fraction === undefined ? '?' : formatPercent(fraction));

/** The context % before: what the session's newest reply used. */
export function percentBefore(before: ContextUsage | undefined): string {
  return percent(before && contextFraction(before));
}
