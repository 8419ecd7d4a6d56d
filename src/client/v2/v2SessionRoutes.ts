// V2's session routes: the paged listing, one session's record, and what a command does to a session. Where the
// v2 branch this project tests against (b6226260) and 2.x releases (packages/protocol/src/groups/session.ts@01fd0c8)
// differ, 2.x's route is asked first and the branch's is used when the server has no such route.
import { ServerError } from '../serverError';
import type { SessionInfo } from '../../store/events';
import { readV2Page } from './v2Page';
import { v2SessionInfo } from './v2Session';
import { FIRST_PAGE, type ServerApi, type SessionListing, type SessionRef } from '../serverApi';
import { dataOf, type V2Requester } from './v2Request';

// 2.x caps a page at 200 (packages/opencode/src/server/routes/instance/httpapi/groups/v2/session.ts@36160ef, docs/opencode-v2.md).
const PAGE = 200;
const LIST_TIMEOUT_MS = 15_000;

export class V2SessionRoutes {
  /** Each listed session's folder: V1's request lists are per folder, and the store keeps a folder's requests when its list fails. */
  readonly folders = new Map<string, string>();

  constructor(private readonly request: V2Requester) {}

  async listSessions(options: Parameters<ServerApi['listSessions']>[0]): Promise<SessionListing> {
    const byId = new Map<string, SessionInfo>();
    let malformed = 0;
    let cursor: string | undefined;
    for (let page = 0; page < 10_000; page++) {
      const answer = await this.request('/api/session', 'Listing sessions', {
        // The first page is small, as V1's: the tree shows it while the rest loads.
        query: { limit: page === 0 ? FIRST_PAGE : PAGE, cursor },
        signal: options.signal,
        timeoutMs: LIST_TIMEOUT_MS,
      });
      const read = readV2Page(answer);
      if (!read)
        throw new ServerError('not-opencode', 'Listing sessions: the answer was not a page of sessions — is this URL an OpenCode server?');
      const valid: SessionInfo[] = [];
      for (const raw of read.entries) {
        const info = v2SessionInfo(raw);
        if (!info) malformed += 1;
        else if (options.archived || !info.time.archived) valid.push(info);
      }
      for (const info of valid) {
        byId.set(info.id, info);
        this.folders.set(info.id, info.directory);
      }
      options.onPage?.(valid);
      // A server may cap pages below PAGE: only a missing, repeated cursor or an empty page ends the listing.
      if (!read.next || read.next === cursor || read.entries.length === 0) break;
      cursor = read.next;
    }
    // Sessions gone since the last listing leave the map (it would otherwise keep every session ever listed).
    for (const id of this.folders.keys()) if (!byId.has(id)) this.folders.delete(id);
    return { sessions: [...byId.values()], malformed };
  }

  /** `?search=` matches titles (packages/protocol/src/groups/session.ts@01fd0c8); one page is enough for a lookup. */
  async searchSessions(text: string, signal?: AbortSignal): Promise<SessionInfo[]> {
    const read = readV2Page(await this.request('/api/session', 'Finding sessions', { query: { search: text, limit: PAGE }, signal }));
    return (read?.entries ?? []).map(v2SessionInfo).filter((s): s is SessionInfo => s !== undefined);
  }

  async getSession(info: Pick<SessionInfo, 'id' | 'directory'>): Promise<{ info?: SessionInfo } | undefined> {
    try {
      return { info: v2SessionInfo(dataOf(await this.request(`/api/session/${encodeURIComponent(info.id)}`, 'Reading the session'))) };
    } catch (err) {
      if (err instanceof ServerError && err.status === 404) return undefined;
      throw err;
    }
  }

  async abort(info: SessionInfo): Promise<void> {
    await this.request(`/api/session/${encodeURIComponent(info.id)}/interrupt`, 'Aborting the session', { method: 'POST' });
  }

  /** `{id?, delivery?}`: an empty body is "compact now" (no body at all is a 400 "Expected object"). */
  async compact(info: SessionInfo): Promise<void> {
    await this.request(`/api/session/${encodeURIComponent(info.id)}/compact`, 'Compacting', { method: 'POST', body: {} });
  }

  /** 2.x: `PATCH /api/session/{id} {title}`; the v2 branch: `POST …/rename {title}`. */
  async rename(info: SessionRef, title: string): Promise<void> {
    const path = `/api/session/${encodeURIComponent(info.id)}`;
    await orOlderRoute(
      () => this.request(path, 'Renaming the session', { method: 'PATCH', body: { title } }),
      () => this.request(`${path}/rename`, 'Renaming the session', { method: 'POST', body: { title } }),
    );
  }

  /** Deletes it and its child sessions (204). */
  async remove(info: SessionRef): Promise<void> {
    await this.request(`/api/session/${encodeURIComponent(info.id)}`, 'Deleting the session', { method: 'DELETE' });
  }

  /**
   * A copy of the whole history (`{data: Session.Info}`). 2.x takes `{before?}` (none: everything); the v2 branch
   * `{boundary: {type: "through"}}` and answers 400 to `{}`.
   */
  async fork(info: SessionRef): Promise<string> {
    const path = `/api/session/${encodeURIComponent(info.id)}/fork`;
    let answer: unknown;
    try {
      answer = await this.request(path, 'Forking the session', { method: 'POST', body: {} });
    } catch (err) {
      if (!(err instanceof ServerError && err.status === 400)) throw err;
      answer = await this.request(path, 'Forking the session', { method: 'POST', body: { boundary: { type: 'through' } } });
    }
    const fork = v2SessionInfo(dataOf(answer));
    if (!fork) throw new ServerError('not-opencode', 'Forking the session: the answer was not a session.');
    return fork.id;
  }

  /** V2 stages a revert (files restored, undoable) and clears it; `commit` would make it final. */
  async revert(info: SessionInfo, messageID: string): Promise<void> {
    await this.request(`/api/session/${encodeURIComponent(info.id)}/revert/stage`, 'Reverting the session', {
      method: 'POST',
      body: { messageID },
    });
  }

  /** 2.x: `DELETE /api/session/{id}/revert`; the v2 branch: `POST …/revert/clear`. */
  async unrevert(info: SessionInfo): Promise<void> {
    const path = `/api/session/${encodeURIComponent(info.id)}/revert`;
    await orOlderRoute(
      () => this.request(path, 'Undoing the revert', { method: 'DELETE' }),
      () => this.request(`${path}/clear`, 'Undoing the revert', { method: 'POST' }),
    );
  }
}

/** 2.x's route, else (the server has no such route) the v2 branch's. */
async function orOlderRoute(current: () => Promise<unknown>, older: () => Promise<unknown>): Promise<void> {
  try {
    await current();
  } catch (err) {
    if (!(err instanceof ServerError && (err.noRoute || err.status === 405))) throw err;
    await older();
  }
}
