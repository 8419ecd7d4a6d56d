// What blocks a session until someone answers: a permission request (a tool wants to run) or a question
// (the `question` tool). Read from `GET /permission` / `GET /question` and from the live `*.asked` events,
// both with the same parser, so the snapshot and the stream can never disagree about a request.
import { isObject, nonEmptyString } from './parse';

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

export type PendingRequest = PermissionRequest | QuestionRequest;

export function parsePermissionRequest(value: unknown): PermissionRequest | undefined {
  if (!isObject(value)) return undefined;
  const id = nonEmptyString(value.id);
  const sessionID = nonEmptyString(value.sessionID);
  if (!id || !sessionID) return undefined;
  return {
    kind: 'permission',
    id,
    sessionID,
    permission: nonEmptyString(value.permission) ?? 'permission',
    patterns: strings(value.patterns),
    always: strings(value.always),
    metadata: isObject(value.metadata) ? value.metadata : {},
  };
}

export function parseQuestionRequest(value: unknown): QuestionRequest | undefined {
  if (!isObject(value)) return undefined;
  const id = nonEmptyString(value.id);
  const sessionID = nonEmptyString(value.sessionID);
  if (!id || !sessionID || !Array.isArray(value.questions)) return undefined;
  const questions = value.questions.map(parseQuestion).filter((q): q is Question => q !== undefined);
  return questions.length ? { kind: 'question', id, sessionID, questions } : undefined;
}

function parseQuestion(value: unknown): Question | undefined {
  if (!isObject(value)) return undefined;
  const question = nonEmptyString(value.question);
  if (!question) return undefined;
  const options = (Array.isArray(value.options) ? value.options : [])
    .filter(isObject)
    .map((o) => ({ label: nonEmptyString(o.label), description: typeof o.description === 'string' ? o.description : '' }))
    .filter((o): o is QuestionOption => o.label !== undefined);
  return {
    question,
    header: typeof value.header === 'string' ? value.header : '',
    options,
    multiple: value.multiple === true,
    custom: value.custom !== false,
  };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * Oldest first. OpenCode's ids (`per_…`, `que_…`) start with a time-ordered part after the prefix, so the
 * part after `_` orders requests of both kinds by when they were asked.
 */
export function compareRequests(a: PendingRequest, b: PendingRequest): number {
  const key = (r: PendingRequest) => r.id.slice(r.id.indexOf('_') + 1);
  const ka = key(a);
  const kb = key(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
