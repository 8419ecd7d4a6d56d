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
   * ids of those gone. `now`: when running steps were read to; `budgets`: the budgets set (USD), by name.
   */
  | { type: 'timeline'; rootId: string; full: boolean; lanes: TimelineLane[]; removed: string[]; now: number; budgets?: BudgetLimits };

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'export'; format: ExportFormat }
  /** Show Changes of This Turn, for the turn the step with this (assistant) message id belongs to. */
  | { type: 'showTurnChanges'; messageID: string }
  /** Read the sessions again whose history could not be read for the trend. */
  | { type: 'retryTrend' };

export type ExportFormat = 'csv' | 'json';

/** What the panel serializer stores, so a reload reopens the same session. */
export type PanelState = SessionRef;
