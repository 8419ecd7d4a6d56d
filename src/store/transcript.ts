// What a session said and did, message by message, in one shape whichever server generation sent it: the
// transcript document and the content search read this. Text from the server stays text here; every field is
// bounded when it is read (TRANSCRIPT_FIELD_CAP), so a 10 MB tool output costs no more than its prefix.
import type { ServerTokens } from './usage';

/** The most of one text field (a reply, a tool's output) kept; the rest is dropped and `cut` says how much. */
export const TRANSCRIPT_FIELD_CAP = 64 * 1024;

/** A tool call's id as kept (OpenCode's are short; a made-up one of a megabyte is cut, alike wherever it is read). */
export const MAX_CALL_ID = 200;

export type ToolStatus = 'pending' | 'running' | 'completed' | 'error';

export type TranscriptPart =
  | { kind: 'text'; id: string; text: string; cut?: number; synthetic?: boolean }
  | { kind: 'reasoning'; id: string; text: string; cut?: number }
  | {
      kind: 'tool';
      id: string;
      tool: string;
      status: ToolStatus;
      /** The call's input as the model wrote it, as JSON text (bounded). */
      input: string;
      /** The tool's title where it gives one (`npm test`, a file path). */
      title?: string;
      output?: string;
      error?: string;
      cut?: number;
      start?: number;
      end?: number;
      /** A sub-agent call: the child session it ran in. */
      childSessionID?: string;
      /** The call's id (`callID`): a permission request names the call it holds (PermissionRequest.callID). */
      callID?: string;
    }
  /** One finished model call: its model, tokens and cost. */
  | { kind: 'step'; id: string; tokens?: ServerTokens; cost?: number }
  | { kind: 'file'; id: string; name: string }
  | { kind: 'patch'; id: string; files: string[] };

export type TranscriptRole = 'user' | 'assistant' | 'compaction' | 'shell' | 'other';

export interface TranscriptMessage {
  id: string;
  sessionID: string;
  role: TranscriptRole;
  created: number;
  completed?: number;
  agent?: string;
  modelID?: string;
  providerID?: string;
  /** A message's own cost and tokens where the server records them (an assistant message, a 2.x compaction). */
  cost?: number;
  tokens?: ServerTokens;
  /** How the message failed, in the server's words. */
  error?: string;
  /** A compaction: whether OpenCode started it by itself. */
  auto?: boolean;
  /** An assistant message that is a compaction's summary. */
  summary?: boolean;
  parts: TranscriptPart[];
}

/** At most `cap` characters of `text` (cut at a code point), and how many were dropped. */
export function bounded(text: string, cap = TRANSCRIPT_FIELD_CAP): { text: string; cut?: number } {
  if (text.length <= cap) return { text };
  // Never split a surrogate pair.
  const end = /[\ud800-\udbff]/.test(text[cap - 1]) ? cap - 1 : cap;
  return { text: text.slice(0, end), cut: text.length - end };
}
