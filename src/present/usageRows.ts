// The usage panel's rows as plain data: what the host computes (usageSteps, usageSummary) and the webview
// shows. Exact figures; rounding happens only where they are drawn.
import type { Usage } from '../store/usage';

/** One model call (a `step-finish` part; the message's own tokens only when it has none). */
export interface StepRow extends Usage {
  /** 1-based position in the session. */
  n: number;
  messageID: string;
  /** ms since epoch, from the message. */
  time: number;
  model: string;
  /** Context use of this step: its five token kinds over the model's limit, when known (0.42 = 42 %). */
  context?: number;
  source: 'step' | 'message';
  /**
   * USD at the model's list price when OpenCode recorded this step at $0 (null: no list price); absent when the
   * step has a recorded cost or no catalog is known.
   */
  listCost?: number | null;
  /**
   * A copy the session was forked with (store/copiedHistory.ts): the figures its original recorded for it. The row's
   * own figures are what it spent here, nothing, so every sum of rows counts it at 0.
   */
  copied?: Usage;
}

export interface ShareRow {
  label: string;
  usage: Usage;
  /** USD at list price of its steps OpenCode recorded at $0 (per model only; see StepRow.listCost). */
  listCost?: number;
}

/** Models named in the summary (and drawn each as a slice of the cost by model chart); the rest are one. */
export const MODELS_NAMED = 12;

/** Rows not named on their own: how many, and their sums. */
export interface OtherRows {
  count: number;
  usage: Usage;
  listCost?: number;
}

/** Each model's share of a session's steps, as the summary carries it (StepList.shares). */
export type ModelShares = Pick<UsageSummary, 'byModel' | 'otherModels'>;

/** Everything but the per-step rows: small, so it is sent whole with every change. */
export interface UsageSummary {
  sessionID: string;
  title: string;
  server: string;
  /** The session's own totals as the server recorded them. */
  own: Usage;
  /** Own plus every descendant, each once. */
  inclusive: Usage;
  /** One row per child session (at any depth), with its own server totals. */
  children: ShareRow[];
  /**
   * The costliest models (list-price estimates counted), MODELS_NAMED at most, costliest first (the first called
   * first among equals): a session on a model per step sends a dozen, not 100 000 in every summary.
   */
  byModel: ShareRow[];
  /** The models past `byModel`, when there are any. */
  otherModels?: OtherRows;
  /** Step numbers (1-based) after which a compaction happened. */
  compactions: number[];
  /** The largest known context limit of the session's models, in tokens. */
  contextLimit?: number;
  /** `opencodeSessions.contextWarningThreshold` as a fraction. */
  threshold: number;
  /** Tokens and cost per local day of each assistant message, over the server's fully loaded sessions. */
  days: Array<{ day: string; tokens: number; cost: number }>;
  /**
   * How many of the server's sessions `days` still lacks (their messages are being read, or `failed` to be:
   * those wait for Retry).
   */
  trend?: { pending: number; sessions: number; failed?: number };
  /** Still reading older pages of messages. */
  loading: boolean;
  /** Every server's recent pace and the soonest budget it reaches, when something spends (the host adds it). */
  pace?: string;
}
