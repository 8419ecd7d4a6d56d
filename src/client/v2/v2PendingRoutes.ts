// V2's running sessions and what they wait for: the server-wide list of running sessions,
// each one's permission requests, questions and forms, and the answers to them.
import { ServerError } from '../serverError';
import type { SessionStatus } from '../../store/events';
import type { FormAnswer, FormRequest } from '../../store/formRequest';
import type { PendingRequest, PermissionRequest } from '../../store/pendingRequest';
import { readV2Active } from './v2Active';
import { readV2Forms } from './v2Forms';
import { readV2Requests } from './v2Requests';
import type { FolderRead, PendingListing, PermissionReply, SnapshotReads } from '../serverApi';
import type { V2Requester } from './v2Request';

export class V2PendingRoutes {
  constructor(
    private readonly request: V2Requester,
    /** Each listed session's folder (V2SessionRoutes.folders), to say whose requests could not be listed. */
    private readonly folders: ReadonlyMap<string, string>,
  ) {}

  /** V2 lists running sessions and their requests server-wide, so the folders the listing shows do not matter. */
  snapshotReads(): SnapshotReads {
    let read: Promise<FolderRead> | undefined;
    const start = () => (read ??= this.readRunning());
    return {
      add: () => void start().catch(() => undefined),
      settle: () => start(),
    };
  }

  private async readRunning(): Promise<FolderRead> {
    const statuses = await this.activeStatuses();
    const pending = await this.pendingOf(Object.keys(statuses));
    return { statuses, pending };
  }

  private async activeStatuses(): Promise<Record<string, SessionStatus>> {
    const active = readV2Active(await this.request('/api/session/active', 'Reading session status'));
    if (!active) throw new ServerError('not-opencode', 'Reading session status: the answer was not a list of running sessions.');
    return active;
  }

  async listPendingRequests(): Promise<PendingListing> {
    return this.pendingOf(Object.keys(await this.activeStatuses()));
  }

  /** Only a running session can wait for an answer; each one's permission, question and form lists. */
  private async pendingOf(sessionIDs: string[]): Promise<PendingListing> {
    const listing: PendingListing = { requests: [], failures: [], failedDirectories: [] };
    await Promise.all(
      sessionIDs.map(async (id) => {
        const base = `/api/session/${encodeURIComponent(id)}`;
        const lists = await Promise.allSettled([
          this.request(`${base}/permission`, 'Listing permission requests').then((raw) => readV2Requests('permission', raw)?.requests),
          this.request(`${base}/question`, 'Listing questions').then((raw) => readV2Requests('question', raw)?.requests),
          this.forms(base),
        ]);
        for (const result of lists) {
          if (result.status === 'fulfilled') {
            listing.requests.push(...(result.value ?? []));
            continue;
          }
          const err: unknown = result.reason;
          if (err instanceof ServerError && err.kind === 'unauthorized') throw err;
          listing.failures.push(`${id}: ${err instanceof Error ? err.message : String(err)}`);
          const folder = this.folders.get(id);
          if (folder && !listing.failedDirectories.includes(folder)) listing.failedDirectories.push(folder);
        }
      }),
    );
    return listing;
  }

  /**
   * `GET /api/session/{id}/form` (`{data: [Form.Info]}`, packages/protocol/src/groups/form.ts@b6226260). 1.18.33's
   * early V2 routes have no forms: its 404 there means none waits.
   */
  private async forms(base: string): Promise<FormRequest[] | undefined> {
    try {
      return readV2Forms(await this.request(`${base}/form`, 'Listing forms'))?.requests;
    } catch (err) {
      if (err instanceof ServerError && err.status === 404) return [];
      throw err;
    }
  }

  async replyToPermission(_directory: string, request: PermissionRequest, reply: PermissionReply, message?: string): Promise<void> {
    await this.request(
      `/api/session/${encodeURIComponent(request.sessionID)}/permission/${encodeURIComponent(request.id)}/reply`,
      'Answering the permission request',
      {
        method: 'POST',
        body: { reply, ...(message ? { message } : {}) },
      },
    );
  }

  async replyToQuestion(_directory: string, request: PendingRequest, answers: string[][]): Promise<void> {
    await this.request(
      `/api/session/${encodeURIComponent(request.sessionID)}/question/${encodeURIComponent(request.id)}/reply`,
      'Answering the question',
      { method: 'POST', body: { answers } },
    );
  }

  async rejectQuestion(_directory: string, request: PendingRequest): Promise<void> {
    await this.request(
      `/api/session/${encodeURIComponent(request.sessionID)}/question/${encodeURIComponent(request.id)}/reject`,
      'Dismissing the question',
      { method: 'POST' },
    );
  }

  /** `POST …/form/{formID}/reply {answer}` → 204 (Form.Reply; recorded in form-reply.meta of the 2.x fixtures). */
  async replyToForm(_directory: string, request: FormRequest, answer: FormAnswer): Promise<void> {
    await this.request(`${formPath(request)}/reply`, 'Answering the question', { method: 'POST', body: { answer } });
  }

  /**
   * 2.x releases cancel with `DELETE /api/session/{id}/form/{formID}`; the v2 branch this project tests against
   * (b6226260, form.ts) with `POST …/cancel`. The first route missing means the other one is the server's.
   */
  async cancelForm(_directory: string, request: FormRequest): Promise<void> {
    try {
      await this.request(formPath(request), 'Dismissing the question', { method: 'DELETE' });
    } catch (err) {
      if (!(err instanceof ServerError && (err.noRoute || err.status === 405))) throw err;
      await this.request(`${formPath(request)}/cancel`, 'Dismissing the question', { method: 'POST' });
    }
  }
}

function formPath(request: FormRequest): string {
  return `/api/session/${encodeURIComponent(request.sessionID)}/form/${encodeURIComponent(request.id)}`;
}
