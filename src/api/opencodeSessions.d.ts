// The public API of the OpenCode Sessions extension (opencode-sessions.opencode-sessions), for other
// extensions. Copy this file into your project; it depends on nothing but `vscode`. Versioned like VS Code's
// git extension: ask for the version you were written against.
//
//   const ext = vscode.extensions.getExtension<OpencodeSessionsExtension>('opencode-sessions.opencode-sessions');
//   const api = (ext?.isActive ? ext.exports : await ext?.activate())?.getAPI(1);
import type { Event } from 'vscode';

export interface OpencodeSessionsExtension {
  /** Throws for a version this extension does not offer. */
  getAPI(version: 1): OpencodeSessionsApi;
}

export interface OpencodeSessionsApi {
  /** Every session of every server and cluster Agent the extension shows, with its own figures. */
  listSessions(): SessionSummary[];
  /**
   * What `session_status` answers for the session: its usage, its sub-agents' (each once), context and
   * budgets. Reads the session tree's messages first when they are not loaded yet. Undefined when no
   * server lists the session; a server that is offline answers with the figures last known, marked
   * `stale: true` with `liveAt`. `scope: 'root'` answers for the whole task tree the session belongs to
   * (the tree its session budget counts), about its root; the default `'session'` about the session itself.
   * Rejects a scope other than those two.
   */
  getSessionStatus(sessionId: string, options?: { scope?: 'session' | 'root' }): Promise<SessionStatus | undefined>;
  /** A session's figures or state changed: ask getSessionStatus for the new figures. */
  readonly onDidChangeSessionStatus: Event<{ sessionId: string; serverId: string }>;
  /** Since 0.3: how many root sessions (sub-agents roll up into their root) wait for an answer, and how many are unread. */
  getAttention(): Attention;
}

/** Root sessions that need the user, on every server the extension shows. */
export interface Attention {
  /** A permission request or question waits for an answer in it (or a sub-agent of it). */
  waiting: number;
  /** A run of it ended (finished, failed, interrupted) since the user last looked at it. */
  unread: number;
}

export interface SessionSummary {
  id: string;
  parentId: string | null;
  title: string;
  /** The server as the extension names it, and its key. */
  server: string;
  serverId: string;
  /** What it is doing, in the words the view uses (since 0.2: `working`, `retrying` and `waiting` replace `busy`, `retry` and `permission`): `waiting` = a permission request or question waits for an answer; `offline` = its server is not connected (the figures are the last known). */
  state: 'idle' | 'working' | 'waiting' | 'retrying' | 'error' | 'offline';
  /** The permission requests and questions it waits on, oldest first. */
  waiting: Array<{ id: string; kind: 'permission' | 'question' }>;
  /** Since 0.3, for a root session: it waits for the user, or a run of it ended since they last looked; null otherwise. */
  attention: 'waiting' | 'unread' | null;
  /** Since 0.4: set while a budget paused it (`opencodeSessions.budget.onExceeded` is `pause`); null otherwise. */
  paused: BudgetPause | null;
  /** The session's own figures as the server recorded them (its `tokens` and `cost`). */
  usage: Usage;
  /** Own plus every descendant's, each once. */
  inclusive: Usage;
}

export interface Usage {
  input: number;
  output: number;
  reasoning: number;
  cacheRead: number;
  cacheWrite: number;
  /** USD. */
  cost: number;
}

export interface UsageCounts extends Usage {
  /** Finished model steps (`step-finish` parts). */
  turns: number;
  totalTokens: number;
  /**
   * USD, estimated: steps OpenCode recorded at $0 (subscription and free models) at their model's list price from
   * the server's catalog (`GET /provider`), apart from `cost`; 0 when none was recorded at $0; null when some were
   * and none has a list price (and on OpenCode 2 servers, which serve no catalog).
   */
  listCost: number | null;
}

export interface BudgetStatus {
  used: number;
  limit: number;
  percent: number;
  remaining: number;
  /** ISO 8601; null for the session budget, which never resets. */
  resetsAt: string | null;
}

/**
 * Why a session is paused: the budget that paused it, its limit then and what was spent against it at the pause
 * (USD; the session budget counts the whole task tree), and when (ISO 8601). It stays paused until the user raises
 * that budget (*Raise Budget and Resume…*, or the setting) or resumes it anyway, or prompts it again themselves.
 */
export interface BudgetPause {
  budget: 'session' | 'hour' | 'day' | 'week';
  limit: number;
  spent: number;
  at: string;
}

export interface BudgetForecast {
  /**
   * `reached`: at `reachedAt`; `afterReset`: not before the window resets; `quiet`: nothing spends (or too little
   * to tell: fewer than two replies with a cost in the pace window); `stopped`: it spent recently, no longer
   * (no reply for three of its usual intervals, at least a minute); `over`: already past the budget.
   */
  state: 'quiet' | 'stopped' | 'reached' | 'afterReset' | 'over';
  /** USD per hour at the recent pace; 0 when quiet or stopped. */
  ratePerHour: number;
  /** ISO 8601; null unless `state` is `reached`. */
  reachedAt: string | null;
  /** The window the pace is measured over, in minutes. */
  paceMinutes: number;
}

/**
 * OpenCode Go's plan windows as https://opencode.ai/zen/go/v1/usage reports them for the key set with
 * "Set OpenCode Go Key…": account-wide (every machine), in percent of $12 per 5 hours (`rolling`), $30 per week
 * (`weekly`) and $60 per month (`monthly`) of list price.
 */
export interface GoPlan {
  name: 'OpenCode Go';
  /** The last figures read; null before the first answer. */
  windows: { rolling: GoWindow; weekly: GoWindow; monthly: GoWindow } | null;
  /** When `windows` were read (ISO 8601); null before the first answer. */
  readAt: string | null;
  /** The last read failed: one sentence, with what to do; `windows` are then the last known, from `readAt`. */
  error: string | null;
}

export interface GoWindow {
  /** `rate-limited`: OpenCode Go refuses requests in this window until `resetsAt`. */
  status: 'ok' | 'rate-limited';
  percent: number;
  /** ISO 8601. */
  resetsAt: string;
  /**
   * When it reaches 100 % at the recent pace: from the rise of `percent` between readings of the last hour, else
   * from this machine's spend on Go models (`from`). `reachedAt` null unless `state` is `reached`.
   */
  forecast: {
    state: 'quiet' | 'reached' | 'afterReset' | 'over';
    percentPerHour: number;
    reachedAt: string | null;
    from: 'readings' | 'localSpend' | null;
  };
}

export interface SessionStatus {
  session: {
    id: string;
    parentId: string | null;
    rootId: string;
    title: string;
    agent: string | null;
    model: string | null;
    server: string;
  };
  /** Busy: its running step has no usage yet. */
  inFlight: boolean;
  /** What was asked: `session` = the session named; `root` = its task tree, `session` being the tree's root. */
  scope: 'session' | 'root';
  usage: { session: UsageCounts; subagents: UsageCounts & { sessions: number }; total: UsageCounts; lastTurn: UsageCounts | null };
  context: { used: number; limit: number | null; percent: number | null; compactAt: number };
  /** Where `listCost` comes from: the providers and listings (`providerID/modelID`) priced, and tokens without a list price. */
  listPrice: { sources: string[]; models: string[]; unlistedTokens: number } | null;
  /** USD; a budget that is off is null. */
  budgets: { session: BudgetStatus | null; hour: BudgetStatus | null; day: BudgetStatus | null; week: BudgetStatus | null } | null;
  /**
   * When each budget is reached if spending goes on at its recent pace; a budget that is off is null. The pace is
   * the cost of the replies of the last `paceMinutes` (15) minutes from the first to the last, per hour: every
   * server's together for the hour, day and week, the task tree's for the session. Anchored at the last reply, so
   * every reader gets the same `reachedAt` for the same replies.
   */
  forecast: { session: BudgetForecast | null; hour: BudgetForecast | null; day: BudgetForecast | null; week: BudgetForecast | null } | null;
  /**
   * Per server: the hour, day and week budgets at the pace of this session's server alone, where
   * `forecast` uses every server's together. `ratePerHour` is what that server spends; `reachedAt` is when the
   * budget (what every server spent against it) is reached if only that server went on at its pace; `quiet` when
   * it does not spend. A budget that is off is null; null altogether where budgets are unknown.
   */
  serverForecast: { hour: BudgetForecast | null; day: BudgetForecast | null; week: BudgetForecast | null } | null;
  /** OpenCode Go's plan windows, when a Go key is set (null otherwise). */
  plan: GoPlan | null;
  /**
   * Since 0.5: where the time of the session and its sub-agents went, in ms: from the first step to the last
   * (`wallMs`), some step running (`busyMs`), waiting for a permission, an answer, a retry, a budget pause or a
   * sub-agent while nothing else in the tree ran (`waitingMs`), nothing running or waiting (`idleMs`); `criticalPath`: the session, then the sub-agents it
   * waited on in the order they ran (where several ran at once, the one that ended last), each with how long it
   * was waited on (`ms`; the session's own: its steps' time). Waits are known from what VS Code saw live.
   */
  timeline: TimelineStatus | null;
  /** Since 0.3, from VS Code (not OpenCode's own plugin): root sessions on every server waiting for the user, and unread. */
  attention?: Attention;
  /**
   * Since 0.4, from VS Code (not OpenCode's own plugin): why this session (or, for `scope: 'root'`, its tree's root)
   * is paused by a budget; null when it is not. An agent asked about its own status can tell its user why it stopped.
   */
  paused?: BudgetPause | null;
  /** Only when the figures are the last known, not live: the session's server is offline or reconnecting. */
  stale?: true;
  /** With `stale`: when that server was last connected (ISO 8601); null if it never was since VS Code started. */
  liveAt?: string | null;
}

export interface TimelineStatus {
  wallMs: number;
  busyMs: number;
  waitingMs: number;
  idleMs: number;
  criticalPath: Array<{ id: string; title: string; ms: number }>;
}
