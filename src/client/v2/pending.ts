// V2's running sessions and what they wait for: the server-wide list of running sessions, each one's permission
// requests and forms (and, on servers that still have them, questions), and the answers to them. A turn blocked on
// a permission or a form still reads `running` in `/api/session/active`, so what waits comes from these lists.
// Shapes: packages/protocol/src/groups/permission.ts and session.ts (forms), packages/schema/src/permission.ts and
// form.ts at 2.0.26 (1066927); the older build's questions (QuestionV2.Request, the V1 shape).
import type { SessionStatus } from '../../store/events';
import type { FormAnswer, FormRequest } from '../../store/formRequest';
import { isObject } from '../../base/parse';
import type { PendingRequest, PermissionRequest } from '../../store/pendingRequest';
import type { FolderRead, PendingListing, PermissionReply, SnapshotReads } from '../serverApi';
import { ServerError } from '../transport/serverError';
import { refusedBody, type V2Client } from './client';
import type { RouteName } from './contract';
import { activeIds, readV2Active, readV2Requests, type ListedSessions } from './records';
import { readV2Forms } from './forms';
import { Slices } from '../../base/node/slices';

/** The state of a form (Form.State): still waiting, answered (here or elsewhere), or cancelled. */
export type FormState = 'pending' | 'answered' | 'cancelled';

/** Sessions asked what they wait for in one listing: running ones first (the live stream brings what else is asked). */
export const MAX_ASKED_SESSIONS = 100;
/** Lists asked at once. */
const LIST_READS = 4;
/** Entries of a list read between looks at the clock. */
const CHUNK = 256;

/** A session's lists of what waits for an answer, each on the route the server's contract names. */
type ListRead = (raw: unknown) => { requests: PendingRequest[]; malformed: number } | undefined;
const LISTS: ReadonlyArray<{ name: RouteName; what: string; read: ListRead }> = [
  { name: 'permissions', what: 'Listing permission requests', read: (raw) => readV2Requests('permission', raw) },
  { name: 'questions', what: 'Listing questions', read: (raw) => readV2Requests('question', raw) },
  { name: 'forms', what: 'Listing forms', read: (raw) => readV2Forms(raw) },
];

export class V2Pending {
  constructor(
    private readonly client: V2Client,
    /** Each listed session's folder and parent (v2/sessions.ts). */
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
        return { statuses, pending: await this.pendingOf(await this.runningTrees(statuses)) };
      },
    };
  }

  async listPendingRequests(): Promise<PendingListing> {
    return this.pendingOf(await this.runningTrees(await this.activeStatuses()));
  }

  async activeStatuses(signal?: AbortSignal): Promise<Record<string, SessionStatus>> {
    const active = await readV2Active(await this.client.call('active', {}, 'Reading session status', { signal }));
    if (!active) throw new ServerError('not-opencode', 'Reading session status: the answer was not a list of running sessions.');
    return active;
  }

  /**
   * The running sessions and every session below them, running ones first, then each level below: only a running
   * turn can wait for an answer, and a turn blocked on one still reads running; a sub-agent's session is asked too,
   * whether or not the server lists it as running itself.
   */
  private async runningTrees(active: Record<string, SessionStatus>): Promise<string[]> {
    const slices = new Slices();
    const children = new Map<string, string[]>();
    for (const [id, { parentID }] of this.listed) {
      if (slices.due) await slices.yield();
      if (!parentID) continue;
      const siblings = children.get(parentID);
      if (siblings) siblings.push(id);
      else children.set(parentID, [id]);
    }
    // A Set visits what is added while it is walked: each level after the one above, each session once.
    const ids = new Set<string>();
    for (const id of activeIds(active)) {
      ids.add(id);
      if (slices.due) await slices.yield();
    }
    for (const id of ids) {
      if (slices.due) await slices.yield();
      for (const child of children.get(id) ?? []) ids.add(child);
    }
    return [...ids];
  }

  /**
   * Each of these sessions' lists, of what the server offers: LIST_READS at a time, the first MAX_ASKED_SESSIONS
   * sessions only. The rest are named in the failures, and their folders' requests are kept as they were.
   */
  private async pendingOf(sessionIDs: string[]): Promise<PendingListing> {
    const listing: PendingListing = { requests: [], failures: [], failedDirectories: [] };
    const failedDirectories = new Set<string>();
    const failedIn = (sessionID: string) => {
      const folder = this.listed.get(sessionID)?.directory;
      if (folder) failedDirectories.add(folder);
    };
    const asked = sessionIDs.slice(0, MAX_ASKED_SESSIONS);
    if (sessionIDs.length > asked.length) {
      const slices = new Slices();
      for (let i = asked.length; i < sessionIDs.length; i++) {
        failedIn(sessionIDs[i]);
        if (slices.due) await slices.yield();
      }
      listing.failures.push(
        `${sessionIDs.length - asked.length} more sessions below running ones: not asked (too many; at most ${MAX_ASKED_SESSIONS} are asked at a time, running ones first)`,
      );
    }
    const reads = asked.flatMap((sessionID) => LISTS.map((list) => ({ sessionID, ...list })));
    const results: PendingRequest[][] = [];
    let unreadable = 0;
    let next = 0;
    let refused: ServerError | undefined;
    const worker = async () => {
      while (next < reads.length && refused === undefined) {
        const at = next++;
        const { sessionID, name, what, read } = reads[at];
        try {
          const { requests, malformed } = await this.list(name, sessionID, what, read);
          results[at] = requests;
          unreadable += malformed;
        } catch (err) {
          if (err instanceof ServerError && err.kind === 'unauthorized') refused ??= err;
          listing.failures.push(`${sessionID}: ${err instanceof Error ? err.message : String(err)}`);
          failedIn(sessionID);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(LIST_READS, reads.length) }, worker));
    if (refused !== undefined) throw refused;
    // Not a failed read (what was readable counts), but what was skipped is named.
    if (unreadable) listing.failures.push(`some sessions: ${unreadable} requests or forms could not be read (skipped)`);
    // In the order asked, whatever order the answers came in.
    for (const requests of results) if (requests) for (const request of requests) listing.requests.push(request);
    listing.failedDirectories = [...failedDirectories];
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
    read: ListRead,
  ): Promise<{ requests: PendingRequest[]; malformed: number }> {
    if (!this.client.contract.offers(name)) return { requests: [], malformed: 0 };
    try {
      const answer = await this.client.call(name, { sessionID }, what);
      const list = Array.isArray(answer) ? answer : isObject(answer) && Array.isArray(answer.data) ? answer.data : undefined;
      if (!list || list.length <= CHUNK) {
        const lists = read(answer);
        if (!lists) throw new ServerError('not-opencode', `${what}: the answer was not a list.`);
        return lists;
      }
      // A long list is read a chunk at a time, with turns of the event loop between.
      const lists = { requests: [] as PendingRequest[], malformed: 0 };
      const slices = new Slices();
      for (let at = 0; at < list.length; at += CHUNK) {
        const part = read(list.slice(at, at + CHUNK));
        for (const request of part?.requests ?? []) lists.requests.push(request);
        lists.malformed += part?.malformed ?? 0;
        if (slices.due) await slices.yield();
      }
      return lists;
    } catch (err) {
      if (err instanceof ServerError && err.noRoute) return { requests: [], malformed: 0 };
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
