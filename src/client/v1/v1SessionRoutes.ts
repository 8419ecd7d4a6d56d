// V1's routes on one session (moved from V1Api): its record, and what a command does to it (abort, compact,
// revert, unrevert). One SDK call each on the session's project, its answer unwrapped.
import { deadline } from '../deadline';
import type { OpencodeClient } from '../opencodeClient';
import { ServerError, unwrap } from '../serverError';
import { sessionInfo, type SessionInfo } from '../../store/events';

const REQUEST_TIMEOUT_MS = 10_000;

export class V1SessionRoutes {
  /** `client(directory)`: a client for the session's project (per-session routes need it). */
  constructor(private readonly client: (directory?: string) => OpencodeClient) {}

  async getSession(info: Pick<SessionInfo, 'id' | 'directory'>): Promise<{ info?: SessionInfo } | undefined> {
    try {
      return {
        info: sessionInfo(
          await unwrap(
            this.client(info.directory).session.get({ sessionID: info.id }, { signal: deadline(REQUEST_TIMEOUT_MS) }),
            'Reading the session',
          ),
        ),
      };
    } catch (err) {
      if (err instanceof ServerError && err.status === 404) return undefined;
      throw err;
    }
  }

  async abort(info: SessionInfo): Promise<void> {
    await unwrap(
      this.client(info.directory).session.abort({ sessionID: info.id }, { signal: deadline(REQUEST_TIMEOUT_MS) }),
      'Aborting the session',
    );
  }

  async compact(info: SessionInfo, model: { providerID: string; modelID: string }): Promise<void> {
    // Blocks until the compaction is done and answers true even when it failed: the caller watches the events.
    await unwrap(this.client(info.directory).session.summarize({ sessionID: info.id, ...model }), 'Compacting');
  }

  async revert(info: SessionInfo, messageID: string): Promise<void> {
    await unwrap(this.client(info.directory).session.revert({ sessionID: info.id, messageID }), 'Reverting the session');
  }

  async unrevert(info: SessionInfo): Promise<void> {
    await unwrap(this.client(info.directory).session.unrevert({ sessionID: info.id }), 'Undoing the revert');
  }
}
