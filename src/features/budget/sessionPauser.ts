// Pausing and resuming sessions for a budget, through each session's server (its generation's way: see
// ServerApi.pause and resume), with what the server answered, written to the app's book of pauses.
import * as vscode from 'vscode';
import { mapPooled } from '../../base/pool';
import type { BudgetPauses } from '../../app/budgets/budgetPauses';
import { showWarning } from '../../app/host/notify';
import { messageSafe } from '../../present/plainText';
import { quotedTitle } from '../../present/sessionTitle';
import { readSetting } from '../../app/settings/settingAccess';
import { SETTING } from '../../app/settings/settingKeys';
import type { Logger } from '../../base/logger';
import { asServerError, type ResumeWay } from '../../client/serverApi';
import type { SessionsModel } from '../../app/sessions/sessionsModel';
import type { PauseCause } from '../../store/pauseBook';
import { MAX_PAUSES, type PausedSession } from '../../store/pausedSession';
import { budgetWindowName, type AbortResult, type Where } from './budgetNotices';

/** The prompt a server without `resume` gets, unless the user set their own (budget.resumePrompt). */
export const DEFAULT_RESUME_PROMPT =
  'This run was paused because it reached a spending budget, and the user has now let it go on. Continue the task from where you stopped.';

/** Stops sent to servers at once for one budget's batch. */
export const STOPS_AT_ONCE = 8;

export interface ResumeResult {
  pause: PausedSession;
  /** How the server started it again; absent when it did not. */
  way?: ResumeWay;
  /** Its run had ended when it was paused: let go, and nothing sent (no turn nobody asked for). */
  letGo?: true;
  /** It was paused as it waited on the user: let go, nothing sent; its request still waits for the answer. */
  waits?: true;
  failure?: string;
}

export class SessionPauser {
  constructor(
    private readonly pauses: BudgetPauses,
    private readonly sessions: SessionsModel,
    private readonly log: Logger,
  ) {}

  /**
   * Pauses these running sessions for `cause`; each result says whether its server stopped it. Past MAX_PAUSES in
   * one batch the rest are stopped without a pause (they are not resumed), and that is said. At most
   * STOPS_AT_ONCE stops are in flight.
   */
  async pause(
    targets: ReadonlyArray<{ key: string; where: Where }>,
    cause: PauseCause,
  ): Promise<{ results: AbortResult[]; begun: PausedSession[]; plain: ReadonlySet<string> }> {
    const { begun, overflow } = this.pauses.begin(
      targets.map(({ where }) => ({ connection: where.connection, sessionId: where.id })),
      cause,
    );
    const held = new Set(begun.map((p) => `${p.serverId}\u0000${p.sessionId}`));
    const ranOut = new Set(begun.filter((p) => p.ranOut).map((p) => `${p.serverId}\u0000${p.sessionId}`));
    const waiting = new Set(begun.filter((p) => p.waiting).map((p) => `${p.serverId}\u0000${p.sessionId}`));
    const unheld = new Set(overflow.map((p) => `${p.serverId}\u0000${p.sessionId}`));
    let stoppedPlain = 0;
    const results = await mapPooled(targets, STOPS_AT_ONCE, async ({ key, where }): Promise<AbortResult> => {
      const { connection, id } = where;
      const plain = unheld.has(`${connection.config.id}\u0000${id}`);
      // Held already (paused, or pausing by another budget): stopped once; a lost stop comes back here as begun.
      if (!plain && !held.has(`${connection.config.id}\u0000${id}`)) return { key, where };
      // Waiting on the user, it spends nothing: a stop would throw its request away (issue 77). Held as it is.
      if (waiting.has(`${connection.config.id}\u0000${id}`)) {
        this.log.warn(
          `${connection.label}: ${id} waits for an answer: paused as it is (the ${cause.budget} budget of $${cause.limit} is reached).`,
        );
        this.pauses.stopped(connection, id);
        return { key, where };
      }
      // All in the try: a throw here must not end the pool, leaving the stops after it unsent.
      try {
        this.log.warn(
          plain
            ? `${connection.label}: stopping ${id} without a pause (over ${MAX_PAUSES} at once): the ${cause.budget} budget of $${cause.limit} is reached.`
            : `${connection.label}: pausing ${id}: the ${cause.budget} budget of $${cause.limit} is reached.`,
        );
        const record = connection.sessions.get(id);
        if (!record) throw new Refused('the session is no longer listed');
        await connection.api.pause(record.info);
        if (plain) stoppedPlain += 1;
        else this.pauses.stopped(connection, id);
        this.log.info(`${connection.label}: ${id} ${plain ? 'stopped' : 'paused'} (the server confirmed).`);
        return ranOut.has(`${connection.config.id}\u0000${id}`) ? { key, where, ranOut: true } : { key, where };
      } catch (err) {
        const failure = err instanceof Refused ? err.message : asServerError(err, 'Pausing the session').message;
        if (!plain) this.pauses.notStopped(connection, id);
        this.log.warn(`${connection.label}: ${id} was not ${plain ? 'stopped' : 'paused'}: ${failure}`);
        return { key, where, failure };
      }
    });
    // Said once for the batch (each is in the log); one the server refused is in the results, tried again later.
    if (stoppedPlain)
      void showWarning(
        vscode.l10n.t(
          'OpenCode: {0} more sessions were stopped by the {1} without a pause (more than {2} at once): Raise Budget and Resume… will not resume them.',
          stoppedPlain,
          budgetWindowName(cause.budget),
          MAX_PAUSES,
        ),
      );
    // The targets stopped without a pause (by key): not among the paused the notice counts.
    const plain = new Set(targets.filter(({ where }) => unheld.has(`${where.connection.config.id}\u0000${where.id}`)).map((t) => t.key));
    return { results, begun, plain };
  }

  /**
   * Resumes these pauses one after the other, in the order they were paused. A pause whose run had ended is let go
   * without a resume: a prompt to continue would start a paid turn nobody asked for; so is one that waits on the
   * user's answer (its run goes on from that answer).
   */
  async resume(pauses: readonly PausedSession[]): Promise<ResumeResult[]> {
    const ranOut = pauses.filter((p) => p.ranOut && !p.waiting);
    // Its run waits on the user's answer: a prompt to continue would come before it. The answer goes on.
    const waiting = pauses.filter((p) => p.waiting);
    if (ranOut.length) this.pauses.releaseAll(ranOut, 'lifted');
    if (waiting.length) this.pauses.releaseAll(waiting, 'lifted');
    const results: ResumeResult[] = [
      ...ranOut.map((pause) => ({ pause, letGo: true as const })),
      ...waiting.map((pause) => ({ pause, waits: true as const })),
    ];
    for (const pause of this.pauses.resuming(pauses.filter((p) => !p.ranOut && !p.waiting))) results.push(await this.resumeOne(pause));
    return results;
  }

  private async resumeOne(pause: PausedSession): Promise<ResumeResult> {
    const connection = this.sessions.connection(pause.serverId);
    const record = connection?.sessions.get(pause.sessionId);
    try {
      if (!connection) throw new Refused('its server is no longer in opencodeSessions.servers');
      if (connection.state.kind !== 'online') throw new Refused(`${connection.label} is not connected; resume it once it is`);
      if (!record) throw new Refused('the session is no longer listed');
      const sentAt = pause.resumedAt;
      const way = await connection.api.resume(record.info, resumePrompt(), (err) => this.failedLate(pause, sentAt, err));
      this.log.info(`${connection.label}: ${pause.sessionId} resumed (${way === 'resume' ? 'OpenCode 2 resume' : 'a prompt'}).`);
      return { pause, way };
    } catch (err) {
      const failure = err instanceof Refused ? err.message : asServerError(err, 'Resuming the session').message;
      this.pauses.resumeFailed(pause, failure);
      this.log.warn(`${connection?.label ?? pause.serverId}: ${pause.sessionId} was not resumed: ${failure}`);
      return { pause, failure };
    }
  }

  /**
   * The server failed the resume after it answered (OpenCode 2's resume stays open for the run): a session still
   * resuming from it never started, and is paused again with why; one seen running was let go already.
   */
  private failedLate(pause: PausedSession, sentAt: number | undefined, err: unknown): void {
    const failure = asServerError(err, 'Resuming the session').message;
    this.log.warn(`${pause.serverId}: ${pause.sessionId}: the resume failed late: ${failure}`);
    if (this.pauses.of(pause.serverId, pause.sessionId)?.resumedAt !== sentAt) return;
    this.pauses.resumeFailed(pause, failure, sentAt);
    const record = this.sessions.connection(pause.serverId)?.sessions.get(pause.sessionId);
    const title = record ? quotedTitle(record.info) : `“${messageSafe(pause.sessionId)}”`;
    void showWarning(vscode.l10n.t('OpenCode: could not resume {0}: {1} It is paused again.', title, messageSafe(failure)));
  }
}

/** What stops an action before it reaches the server, in words. */
class Refused extends Error {}

/** budget.resumePrompt, or the default when it is empty. */
function resumePrompt(): string {
  const text = readSetting<unknown>(SETTING.budgetResumePrompt);
  return typeof text === 'string' && text.trim() ? text.trim() : DEFAULT_RESUME_PROMPT;
}
