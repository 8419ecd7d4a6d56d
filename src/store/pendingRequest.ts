// What blocks a session until someone answers: a permission request (a tool wants to run), a question
// (the `question` tool on OpenCode 1.x) or a form (the `question` tool on OpenCode 2, formRequest.ts). The
// client reads the lists and the live `*.asked` events with one parser per kind (src/client/wire/requests.ts,
// v2/forms.ts), so the snapshot and the stream can never disagree about a request.
import type { FormRequest } from './formRequest';

export interface PermissionRequest {
  kind: 'permission';
  id: string;
  sessionID: string;
  /** The permission asked for: usually the tool (`bash`, `edit`, `webfetch`…). */
  permission: string;
  /** What it applies to (commands, paths, URLs). */
  patterns: string[];
  /** The patterns an "always" answer allows from now on. */
  always: string[];
  /** The tool's own details: `command`, `filepath`, `url`… */
  metadata: Record<string, unknown>;
  /** The tool call that waits on it (the tool part's `callID`), where the server names it. */
  callID?: string;
  /** The message holding that call: call ids repeat across a session's steps (2.x's `call_5`). */
  messageID?: string;
}

export interface QuestionOption {
  label: string;
  description: string;
}

export interface Question {
  question: string;
  header: string;
  options: QuestionOption[];
  /** Several options may be picked. */
  multiple: boolean;
  /** A typed answer is allowed besides the options (OpenCode's default). */
  custom: boolean;
}

export interface QuestionRequest {
  kind: 'question';
  id: string;
  sessionID: string;
  questions: Question[];
}

export type PendingRequest = PermissionRequest | QuestionRequest | FormRequest;

/** A question or a form: both are answered by the user's choices or words, and dismissed rather than rejected. */
export function asksUser(request: PendingRequest): request is QuestionRequest | FormRequest {
  return request.kind !== 'permission';
}

/**
 * Oldest first. OpenCode's ids (`per_…`, `que_…`, `frm_…`) start with a time-ordered part after the prefix, so the
 * part after `_` orders requests of both kinds by when they were asked.
 */
export function compareRequests(a: PendingRequest, b: PendingRequest): number {
  const key = (r: PendingRequest) => r.id.slice(r.id.indexOf('_') + 1);
  const ka = key(a);
  const kb = key(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
