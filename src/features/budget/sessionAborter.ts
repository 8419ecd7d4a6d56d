// Stopping one session because a budget says so, with what its server answered.
import { asServerError } from '../../client/serverApi';
import type { Logger } from '../../base/logger';
import type { AbortResult, Where } from './budgetNotices';

export class SessionAborter {
  constructor(private readonly log: Logger) {}

  async abort(key: string, where: Where): Promise<AbortResult> {
    const { connection, id } = where;
    const record = connection.sessions.get(id);
    this.log.warn(`${connection.label}: aborting ${id}: a budget is exceeded (opencodeSessions.budget.onExceeded is "abort").`);
    try {
      if (!record) throw new Error('the session is no longer listed');
      await connection.api.abort(record.info);
      this.log.info(`${connection.label}: ${id} aborted (the server confirmed).`);
      return { key, where };
    } catch (err) {
      const failure = asServerError(err, 'Stopping the session').message;
      this.log.warn(`${connection.label}: ${id} was not aborted: ${failure}`);
      return { key, where, failure };
    }
  }
}
