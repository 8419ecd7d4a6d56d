// Pending permission requests and questions of the V2 API, as the store's PendingRequest. A V2 permission
// names its `action` and `resources` and the patterns an "always" answer saves (`save`): OpenCode's
// PermissionV2.Request (packages/schema/src/permission.ts@047544f). A V2 question has the V1 shape
// (QuestionV2.Request, packages/schema/src/question.ts@29df752), so the V1 parser reads it.
import { isObject } from '../../store/parse';
import type { PendingRequest, PermissionRequest } from '../../store/pendingRequest';
import { parsePermissionRequest, parseQuestionRequest } from '../wire/requests';

export type RequestKind = 'permission' | 'question';

/** A V2 permission request (or a V1-shaped one, which some servers still send), validated. */
export function v2PermissionRequest(value: unknown): PermissionRequest | undefined {
  if (!isObject(value) || !('action' in value)) return parsePermissionRequest(value);
  return parsePermissionRequest({
    id: value.id,
    sessionID: value.sessionID,
    permission: value.action,
    patterns: value.resources,
    always: value.save,
    metadata: value.metadata,
  });
}

export function v2Request(kind: RequestKind, value: unknown): PendingRequest | undefined {
  return kind === 'permission' ? v2PermissionRequest(value) : parseQuestionRequest(value);
}

export interface V2Requests {
  requests: PendingRequest[];
  /** Entries skipped because they could not be read. */
  malformed: number;
}

/**
 * `GET /api/session/{id}/permission` (`{data}`), `/api/permission/request` and `/api/question/request`
 * (`{location, data}`), all recorded on 1.18.33. Undefined when the answer is not a list at all, so the caller
 * can keep what it had rather than read "nothing waits".
 */
export function readV2Requests(kind: RequestKind, raw: unknown): V2Requests | undefined {
  const list = Array.isArray(raw)
    ? raw
    : isObject(raw) && Array.isArray(raw.data)
      ? raw.data
      : isObject(raw) && Array.isArray(raw.items)
        ? raw.items
        : undefined;
  if (!list) return undefined;
  const requests: PendingRequest[] = [];
  for (const entry of list) {
    const request = v2Request(kind, entry);
    if (request) requests.push(request);
  }
  return { requests, malformed: list.length - requests.length };
}
