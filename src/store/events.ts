// What the store is told: sessions, their statuses, messages and steps, and what waits for an answer, in one
// shape whichever server generation sent it. The adapters in src/client read the wire into these.
import type { PendingRequest } from './pendingRequest';
import type { ServerTokens, Usage } from './usage';

export interface SessionInfo {
  id: string;
  parentID?: string;
  title: string;
  directory: string;
  projectID?: string;
  slug?: string;
  cost?: number;
  tokens?: ServerTokens;
  summary?: { additions?: number; deletions?: number; files?: number };
  agent?: string;
  model?: { id?: string; providerID?: string };
  version?: string;
  /**
   * `idle`: when its last run ended; `viewed`: the idle a viewer marked seen (OpenCode 2: Session.Info in
   * packages/schema/src/session.ts@1066927).
   */
  time: { created: number; updated: number; compacting?: number; archived?: number; idle?: number; viewed?: number };
  /** Set while the session is reverted to before this message (until Undo Revert or its next prompt). */
  revert?: { messageID: string };
  /** How its last run ended (OpenCode 2), recorded at `time.idle`. */
  outcome?: 'succeeded' | 'failed' | 'interrupted';
  /**
   * OpenCode 2's fork mark (Session.Info `fork: {sessionID, boundary}`): the session it was forked from. Its record
   * counts only what it spent since; its copied messages are not spending (copiedHistory.ts).
   */
  fork?: { from: string };
}

export interface AssistantInfo {
  id: string;
  sessionID: string;
  role: 'assistant';
  cost?: number;
  tokens?: ServerTokens;
  modelID?: string;
  providerID?: string;
  agent?: string;
  mode?: string;
  summary?: boolean;
  time?: { created?: number; completed?: number };
  /** The name of the error the step ended with (`MessageAbortedError`: the user stopped it). */
  error?: string;
}

export type SessionStatus = { type: 'idle' } | { type: 'busy' } | { type: 'retry'; attempt: number; message: string; next: number };

export type StoreEvent =
  | { type: 'server.connected' }
  /** `created`: the server just made it (OpenCode 2's `session.created`), so nothing hangs below it yet. */
  | { type: 'session.upsert'; info: SessionInfo; created?: boolean }
  | { type: 'session.deleted'; sessionID: string }
  | { type: 'session.status'; sessionID: string; status: SessionStatus }
  | { type: 'session.error'; sessionID: string; name: string; message: string }
  | { type: 'session.compacted'; sessionID: string }
  /**
   * The session's totals as the server records them now (OpenCode 2 sends them after every step). `compaction`:
   * they grew by a compaction, which has no step of its own: the growth is that compaction's usage.
   */
  | {
      type: 'session.totals';
      sessionID: string;
      cost: number;
      tokens: ServerTokens;
      compaction?: { messageID: string; created: number };
    }
  | { type: 'message.assistant'; info: AssistantInfo }
  | { type: 'message.removed'; sessionID: string; messageID: string }
  /** A user message: only its time is kept, to place a compaction among the steps. */
  | { type: 'message.user'; sessionID: string; messageID: string; created: number; changedFiles?: number }
  /** One finished model call (a `step-finish` part): the per-step truth. */
  | { type: 'step.finished'; sessionID: string; messageID: string; partID: string; usage: Usage }
  /** A `compaction` part: its user message marks where the session was compacted. */
  | { type: 'compaction.marked'; sessionID: string; messageID: string }
  /** `messageID`: the assistant message that called it, where the wire says (the timeline counts its calls). */
  | { type: 'tool.running'; sessionID: string; partID: string; tool: string; running: boolean; messageID?: string }
  /** A permission request or a question now waits for an answer. */
  | { type: 'request.asked'; request: PendingRequest }
  /** Answered or dismissed, here or in any other client. */
  | { type: 'request.closed'; sessionID: string; id: string };

/** Told the kind of each item that was skipped as malformed (not of those skipped as uninteresting). */
export type MalformedListener = (kind: string) => void;
