// The one message protocol between the usage panel's host (this feature) and its page (webview/), kept beside
// the host as GitLens keeps each webview's protocol; the page imports it. Types only, so the webview bundle
// pulls in no host code. The rows themselves are the presentation layer's (src/present/usageRows.ts).
import type { StepRow, UsageSummary } from '../../present/usageRows';
import type { SessionRef } from '../../store/sessionRef';
import type { BudgetLimits } from '../../store/timeline/budgetLines';
import type { TimelineLane } from '../../store/timeline/timelineTypes';

export type { ShareRow, StepRow, UsageSummary } from '../../present/usageRows';
export type { TimelineLane } from '../../store/timeline/timelineTypes';

export type HostToWebview =
  /** A new session (or a webview that just said ready): replace everything. */
  | { type: 'report'; summary: UsageSummary; steps: StepRow[]; state: PanelState }
  /** Live change: rows from index `from` on are replaced by `steps` (usually one appended row). */
  | { type: 'update'; summary: UsageSummary; from: number; steps: StepRow[] }
  | { type: 'empty'; message: string }
  | { type: 'error'; message: string }
  | { type: 'exported'; path: string }
  /**
   * The timeline's lanes (the session and every descendant): all of them (`full`), or those that changed and the
   * ids of those gone. `now`: when running steps were read to; `budgets`: the budgets set (USD), by name. Sent
   * only while the page shows the Timeline tab (it says so: `timelineShown`).
   */
  | { type: 'timeline'; rootId: string; full: boolean; lanes: LaneDelta[]; removed: string[]; now: number; budgets?: BudgetLimits };

/**
 * A lane as posted: whole, or (`barsFrom` set) with its bars from that index on only, those before it as the page
 * has them: a live step sends its own bar, not the 50 000 before it.
 */
export type LaneDelta = TimelineLane & { barsFrom?: number };

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'export'; format: ExportFormat }
  /** Show Changes of This Turn, for the turn the step with this (assistant) message id belongs to. */
  | { type: 'showTurnChanges'; messageID: string }
  /** Read the sessions again whose history could not be read for the trend. */
  | { type: 'retryTrend' }
  /** The page shows the Timeline tab, or stopped showing it: the host posts timeline changes only while it does. */
  | { type: 'timelineShown'; shown: boolean };

export type ExportFormat = 'csv' | 'json';

/** What the panel serializer stores, so a reload reopens the same session. */
export type PanelState = SessionRef;
