// The list-price settings: whether rows show estimates where OpenCode recorded $0, and whether budgets count them.
import { readSetting } from './settingAccess';
import { SETTING } from './settingKeys';
import type { ServerConnection } from '../../client/serverConnection';
import { listFigures, type ListFigures } from '../../store/price/listSum';

/** `opencodeSessions.cost.showListPrice`: `whenRecordedZero` (default) or `never`. */
export function showListPrice(): boolean {
  return readSetting<string>(SETTING.showListPrice) !== 'never';
}

/** `opencodeSessions.budget.countListPrice`: the hour, day and week budgets count list prices of zero-cost steps. */
export function countListPrice(): boolean {
  return readSetting<boolean>(SETTING.budgetCountListPrice) === true;
}

/** A session's list-price figures as views show them; undefined when the setting hides them. */
export function shownListFigures(connection: ServerConnection, sessionId: string): ListFigures | undefined {
  return showListPrice() ? listFigures(connection.sessions, sessionId, connection.listPrices.pricer) : undefined;
}
