// The one message protocol between the usage panel's host (this feature) and its page (webview/), kept beside
// the host as GitLens keeps each webview's protocol; the page imports it. Each message is declared once, as a
// value (src/base/messages.ts): the types and both sides' run-time checks come from these lists. No vscode
// import, so the webview bundle pulls in no host code. The rows are the presentation layer's (src/present/usageRows.ts).
import { field, message, messageCheck, type MessageOf } from '../../base/messages';
import type { StepRow, UsageSummary } from '../../present/usageRows';
import type { SessionRef } from '../../store/sessionRef';
import type { BudgetLimits } from '../../store/timeline/budgetLines';
import type { TimelineLane } from '../../store/timeline/timelineTypes';

export type { OtherRows, ShareRow, StepRow, UsageSummary } from '../../present/usageRows';
export type { TimelineLane } from '../../store/timeline/timelineTypes';

/** A message id as servers of both generations make them (`msg_…`): letters, digits, `_` and `-` only. */
const MESSAGE_ID = /^[A-Za-z0-9_-]{1,200}$/;

const HOST_MESSAGES = [
  /** A new session (or a webview that just said ready): replace everything. */
  message('report', { summary: field.object<UsageSummary>(), steps: field.list<StepRow[]>(), state: field.object<PanelState>() }),
  /**
   * Live change: rows from index `from` on are replaced by `steps` (usually one appended row). Without a summary: the
   * next slice of a long report or update (modelPost), the summary the one before it brought.
   */
  message('update', { summary: field.optional(field.object<UsageSummary>()), from: field.number, steps: field.list<StepRow[]>() }),
  message('empty', { message: field.string() }),
  message('error', { message: field.string() }),
  message('exported', { path: field.string() }),
  /**
   * The timeline's lanes (the session and every descendant): all of them (`full`), or those that changed and the
   * ids of those gone. `now`: when running steps were read to; `budgets`: the budgets set (USD), by name. Sent
   * only while the page shows the Timeline tab (it says so: `timelineShown`).
   */
  message('timeline', {
    rootId: field.string(),
    full: field.boolean,
    lanes: field.list<LaneDelta[]>(),
    removed: field.list<string[]>(),
    now: field.number,
    budgets: field.optional(field.object<BudgetLimits>()),
  }),
] as const;

const PAGE_MESSAGES = [
  message('ready'),
  message('export', { format: field.oneOf('csv', 'json') }),
  /** Show Changes of This Turn, for the turn the step with this (assistant) message id belongs to. */
  message('showTurnChanges', { messageID: field.string((s) => MESSAGE_ID.test(s)) }),
  /** Read the sessions again whose history could not be read for the trend. */
  message('retryTrend'),
  /** The page shows the Timeline tab, or stopped showing it: the host posts timeline changes only while it does. */
  message('timelineShown', { shown: field.boolean }),
] as const;

export type HostToWebview = MessageOf<(typeof HOST_MESSAGES)[number]>;
export type WebviewToHost = MessageOf<(typeof PAGE_MESSAGES)[number]>;
/** What the host posts, as the page checks it (the host is trusted: a cheap check of each field's kind). */
export const hostMessage = messageCheck(HOST_MESSAGES);
/** What the page posts, as the host checks it before acting on it: the page shows server text. */
export const pageMessage = messageCheck(PAGE_MESSAGES);

/**
 * A lane as posted: whole, or (`barsFrom` set) with its bars from that index on only, those before it as the page
 * has them: a live step sends its own bar, not the 50 000 before it.
 */
export type LaneDelta = TimelineLane & { barsFrom?: number };

export type ExportFormat = Extract<WebviewToHost, { type: 'export' }>['format'];

/** What the panel serializer stores, so a reload reopens the same session. */
export type PanelState = SessionRef;
