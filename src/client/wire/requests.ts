// Pending permission requests and questions as OpenCode 1.x lists them (`GET /permission`, `GET /question`) and
// sends them (`permission.asked`, `question.asked`): one parser for the lists and the live events, so the
// snapshot and the stream can never disagree about a request. V2's shapes are mapped onto these (v2/pending.ts).
import { isObject, nonEmptyString } from '../../base/parse';
import type { PermissionRequest, Question, QuestionOption, QuestionRequest } from '../../store/pendingRequest';
import { MAX_CALL_ID } from '../../store/transcript';

export function parsePermissionRequest(value: unknown): PermissionRequest | undefined {
  if (!isObject(value)) return undefined;
  const id = nonEmptyString(value.id);
  const sessionID = nonEmptyString(value.sessionID);
  if (!id || !sessionID) return undefined;
  // 1.18 names the call that asks: `tool: { messageID, callID }` (../shared/reference/opencode-server.md, verified on 1.18.33).
  const callID = isObject(value.tool) ? nonEmptyString(value.tool.callID) : undefined;
  const messageID = isObject(value.tool) ? nonEmptyString(value.tool.messageID) : undefined;
  return {
    kind: 'permission',
    id,
    sessionID,
    permission: nonEmptyString(value.permission) ?? 'permission',
    patterns: strings(value.patterns),
    always: strings(value.always),
    metadata: isObject(value.metadata) ? value.metadata : {},
    ...(callID && { callID: callID.slice(0, MAX_CALL_ID) }),
    ...(callID && messageID && { messageID: messageID.slice(0, MAX_CALL_ID) }),
  };
}

/** The most options of one question that are read. */
const MAX_OPTIONS = 1000;

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
  const all = Array.isArray(value.options) ? value.options : [];
  // A pick list of thousands is no question a person answers: the first MAX_OPTIONS, and the header says so.
  const options = all
    .slice(0, MAX_OPTIONS)
    .filter(isObject)
    .map((o) => ({ label: nonEmptyString(o.label), description: typeof o.description === 'string' ? o.description : '' }))
    .filter((o): o is QuestionOption => o.label !== undefined);
  const header = typeof value.header === 'string' ? value.header : '';
  return {
    question,
    header: all.length > MAX_OPTIONS ? `${header}${header ? ' ' : ''}(the first ${MAX_OPTIONS} of ${all.length} options)` : header,
    options,
    multiple: value.multiple === true,
    custom: value.custom !== false,
  };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
