// V2's running sessions and what they wait for: the server-wide list of running sessions, each one's permission
// requests and forms (and, on servers that still have them, questions), and the answers to them. A turn blocked on
// a permission or a form still reads `running` in `/api/session/active`, so what waits comes from these lists.
// Shapes: packages/protocol/src/groups/permission.ts and session.ts (forms), packages/schema/src/permission.ts and
// form.ts at 2.0.26 (1066927); the older build's questions (QuestionV2.Request, the V1 shape).
import type { SessionStatus } from '../../store/events';
import type { FormAnswer, FormRequest } from '../../store/formRequest';
import { isObject } from '../../store/parse';
import type { PendingRequest, PermissionRequest } from '../../store/pendingRequest';
import type { FolderRead, PendingListing, PermissionReply, SnapshotReads } from '../serverApi';
import { ServerError } from '../transport/serverError';
import { parsePermissionRequest, parseQuestionRequest } from '../wire/requests';
import { parseSessionStatus } from '../wire/sessionInfo';
import { refusedBody, type V2Client } from './v2Client';
import type { RouteName } from './v2Contract';
import type { ListedSessions } from './v2Sessions';
import { readV2Forms } from './v2Forms';

/** The state of a form (Form.State): still waiting, answered (here or elsewhere), or cancelled. */
export type FormState = 'pending' | 'answered' | 'cancelled';

/** A V2 permission request (Permission.Request: `action`, `resources`, `save`), or a V1-shaped one, validated. */
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

/** `{data}` (or `{location, data}`, or a bare list) of requests; undefined when it is not a list at all. */
export function readV2Requests(
  kind: 'permission' | 'question',
  raw: unknown,
): { requests: PendingRequest[]; malformed: number } | undefined {
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
    const request = kind === 'permission' ? v2PermissionRequest(entry) : parseQuestionRequest(entry);
    if (request) requests.push(request);
  }
  return { requests, malformed: list.length - requests.length };
}

/** `GET /api/session/active`: `{data: {[sessionID]: {type: "running"}}}`; absent sessions are idle. */
export function readV2Active(raw: unknown, malformed?: (kind: string) => void): Record<string, SessionStatus> | undefined {
  const data = isObject(raw) ? raw.data : undefined;
  if (!isObject(data)) return undefined;
  const statuses: Record<string, SessionStatus> = {};
  for (const [id, value] of Object.entries(data)) {
    const status = isObject(value) && value.type === 'running' ? ({ type: 'busy' } as const) : parseSessionStatus(value);
    // `__proto__` as a key would replace the record's prototype instead of adding a session.
    if (id && id !== '__proto__' && status) statuses[id] = status;
    else malformed?.('session.active');
  }
  return statuses;
}

export class V2Pending {
  constructor(
    private readonly client: V2Client,
    /** Each listed session's folder and parent (v2Sessions.ts). */
    private readonly listed: ListedSessions,
  ) {}

  /**
   * V2 lists running sessions server-wide: read as soon as the listing starts. What they wait for is read once the
   * listing is complete, since a running session's sub-agents may be on any page.
   */
  snapshotReads(): SnapshotReads {
    let active: Promise<Record<string, SessionStatus>> | undefined;
    const start = () => (active ??= this.activeStatuses());
    return {
      add: () => void start().catch(() => undefined),
      settle: async (): Promise<FolderRead> => {
        const statuses = await start();
        return { statuses, pending: await this.pendingOf(this.runningTrees(statuses)) };
      },
    };
  }

  async listPendingRequests(): Promise<PendingListing> {
    return this.pendingOf(this.runningTrees(await this.activeStatuses()));
  }

  async activeStatuses(signal?: AbortSignal): Promise<Record<string, SessionStatus>> {
    const active = readV2Active(await this.client.call('active', {}, 'Reading session status', { signal }));
    if (!active) throw new ServerError('not-opencode', 'Reading session status: the answer was not a list of running sessions.');
    return active;
  }

  /**
   * The running sessions and every session below them: only a running turn can wait for an answer, and a turn
   * blocked on one still reads running; a sub-agent's session is asked too, whether or not the server lists it
   * as running itself.
   */
  private runningTrees(active: Record<string, SessionStatus>): string[] {
    const ids = new Set(Object.keys(active));
    const children = new Map<string, string[]>();
    for (const [id, { parentID }] of this.listed) if (parentID) children.set(parentID, [...(children.get(parentID) ?? []), id]);
    for (const id of ids) for (const child of children.get(id) ?? []) ids.add(child);
    return [...ids];
  }

  /** Each of these sessions' lists, of what the server offers. */
  private async pendingOf(sessionIDs: string[]): Promise<PendingListing> {
    const listing: PendingListing = { requests: [], failures: [], failedDirectories: [] };
    await Promise.all(
      sessionIDs.map(async (sessionID) => {
        const lists = await Promise.allSettled([
          this.list('permissions', sessionID, 'Listing permission requests', (raw) => readV2Requests('permission', raw)?.requests),
          this.list('questions', sessionID, 'Listing questions', (raw) => readV2Requests('question', raw)?.requests),
          this.list('forms', sessionID, 'Listing forms', (raw) => readV2Forms(raw)?.requests),
        ]);
        for (const result of lists) {
          if (result.status === 'fulfilled') {
            listing.requests.push(...result.value);
            continue;
          }
          const err: unknown = result.reason;
          if (err instanceof ServerError && err.kind === 'unauthorized') throw err;
          listing.failures.push(`${sessionID}: ${err instanceof Error ? err.message : String(err)}`);
          const folder = this.listed.get(sessionID)?.directory;
          if (folder && !listing.failedDirectories.includes(folder)) listing.failedDirectories.push(folder);
        }
      }),
    );
    return listing;
  }

  /**
   * One of a session's lists. A list this server does not offer (its document names no such route, or it has
   * none: 2.x has no questions, 1.18.33 no forms) is asked nothing and holds nothing; it is not a failed read.
   */
  private async list(
    name: RouteName,
    sessionID: string,
    what: string,
    read: (raw: unknown) => PendingRequest[] | undefined,
  ): Promise<PendingRequest[]> {
    if (!this.client.contract.offers(name)) return [];
    try {
      const requests = read(await this.client.call(name, { sessionID }, what));
      if (!requests) throw new ServerError('not-opencode', `${what}: the answer was not a list.`);
      return requests;
    } catch (err) {
      if (err instanceof ServerError && err.noRoute) return [];
      throw err;
    }
  }

  /** 2.x: `{decision, message?}`; the older build and 1.18: `{reply, message?}` (the document says which). */
  async replyToPermission(request: PermissionRequest, reply: PermissionReply, message?: string): Promise<void> {
    const keys = ['decision', 'reply'] as const;
    const params = { sessionID: request.sessionID, requestID: request.id };
    for (;;) {
      const key = this.client.contract.bodyKey('permissionReply', keys);
      try {
        await this.client.call('permissionReply', params, 'Answering the permission request', {
          method: 'POST',
          body: { [key]: reply, ...(message ? { message } : {}) },
        });
        return;
      } catch (err) {
        if (!(refusedBody(err) && this.client.contract.refusedBody('permissionReply', keys))) throw err;
      }
    }
  }

  async replyToQuestion(request: PendingRequest, answers: string[][]): Promise<void> {
    await this.client.call('questionReply', { sessionID: request.sessionID, requestID: request.id }, 'Answering the question', {
      body: { answers },
    });
  }

  async rejectQuestion(request: PendingRequest): Promise<void> {
    await this.client.call('questionReject', { sessionID: request.sessionID, requestID: request.id }, 'Dismissing the question');
  }

  /** `POST …/form/{formID}/reply {answer}` → 204 (Form.Reply). */
  async replyToForm(request: FormRequest, answer: FormAnswer): Promise<void> {
    await this.client.call('formReply', formParams(request), 'Answering the question', { body: { answer } });
  }

  /** 2.x: `DELETE …/form/{formID}` (`?message=` optional); the older build: `POST …/form/{formID}/cancel`. */
  async cancelForm(request: FormRequest): Promise<void> {
    await this.client.call('formCancel', formParams(request), 'Dismissing the question');
  }

  /** A form's state: 2.x's `GET …/form/{formID}` holds it (`{data: Form.Detail}`), the older build's `…/state`. */
  async formState(request: FormRequest): Promise<FormState | undefined> {
    const answer = await this.client.call('formState', formParams(request), 'Reading the question');
    const data = isObject(answer) ? answer.data : undefined;
    const state = isObject(data) && isObject(data.state) ? data.state : data;
    const status = isObject(state) ? state.status : undefined;
    return status === 'pending' || status === 'answered' || status === 'cancelled' ? status : undefined;
  }
}

function formParams(request: FormRequest): Record<string, string> {
  return { sessionID: request.sessionID, formID: request.id };
}
