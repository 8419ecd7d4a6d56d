import * as vscode from 'vscode';
import { showError, showInformation, withProgress } from '../../../app/host/notify';
import { asServerError } from '../../../client/serverApi';
import { afterFraction, modelOf, percent, percentBefore } from './compactionFigures';
import { messageSafe } from '../../../present/plainText';
import { quotedTitle } from '../../../present/sessionTitle';
import { loadSessionContext } from '../../../client/serverConnection';
import { waitForCompaction, type ChangesOf, type CompactionOutcome } from './compactionWaiter';
import { registerSessionCommand } from '../../../app/commands/registerSessionCommand';
import type { SessionTarget, SessionTargets } from '../../../app/commands/sessionTarget';

/** The session's events can trail the request's answer by a moment. */
const EVENT_GRACE_MS = 15_000;
/** V2 answers the request before compacting; the compaction itself can take as long as a model call. */
const V2_COMPACTION_MS = 10 * 60_000;

export interface CompactionReport {
  outcome: CompactionOutcome['kind'];
  message: string;
}

/**
 * Compacts a session with its own model, behind a cancellable progress notification (cancel aborts the
 * session), and reports the context % before → after. Returns the report, for tests and the panel.
 */
export function registerCompactSession(targets: SessionTargets, changesOf: ChangesOf): vscode.Disposable {
  return registerSessionCommand(targets, {
    id: 'opencodeSessions.compactSession',
    title: vscode.l10n.t('Compact OpenCode Session'),
    needs: 'compact',
    run: (target) => compact(target, changesOf),
  });
}

async function compact(target: SessionTarget, changesOf: ChangesOf): Promise<CompactionReport> {
  const { connection } = target;
  const id = target.record.info.id;
  const title = quotedTitle(target.record.info);
  const before = await loadSessionContext(connection, id, { fresh: true });
  const record = connection.sessions.get(id) ?? target.record;
  const model = modelOf(record);
  if (!model)
    return fail(vscode.l10n.t('No model is known for {0}: it has had no reply yet, so there is nothing to compact with.', title), 'error');
  if (record.status.type !== 'idle') {
    void showInformation(vscode.l10n.t('{0} is busy: the compaction is queued and runs when the current turn ends.', title));
  }
  const outcome = await withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Compacting {0}', title), cancellable: true },
    async (_progress, token) => {
      const cancel = new AbortController();
      token.onCancellationRequested(() => cancel.abort());
      const waiter = waitForCompaction(connection, id, cancel.signal, changesOf);
      let grace: ReturnType<typeof setTimeout> | undefined;
      let settled = false;
      try {
        const request = connection.api.compact(record.info, model);
        // The answer says little (true even on failure); a failed request is still an error.
        // V1 answers once the compaction is over (true even when it failed); V2 once it has taken it, so its
        // outcome may come much later: a V2 compaction is given as long as a turn.
        const failed = request.then(
          () =>
            new Promise<CompactionOutcome>((resolve) => {
              if (settled) return;
              grace = setTimeout(
                () => resolve({ kind: 'error', message: vscode.l10n.t('the server finished without reporting a compaction') }),
                connection.generation === 'v2' ? V2_COMPACTION_MS : EVENT_GRACE_MS,
              );
            }),
          (err: unknown): CompactionOutcome => ({ kind: 'error', message: asServerError(err, vscode.l10n.t('Compacting')).message }),
        );
        const result = await Promise.race([waiter.outcome, failed]);
        if (result.kind === 'cancelled') await connection.api.abort(record.info).catch(() => undefined);
        return result;
      } finally {
        // The grace lasts as long as a turn on V2: not left pending (nor started) once the outcome won the race.
        settled = true;
        clearTimeout(grace);
        waiter.dispose();
      }
    },
  );
  switch (outcome.kind) {
    case 'compacted':
      return succeed(
        vscode.l10n.t(
          'Compacted {0}: context {1} → {2}.',
          title,
          percentBefore(before),
          percent(await afterFraction(connection, id, model, before?.limit)),
        ),
      );
    case 'cancelled':
      return fail(vscode.l10n.t('Compaction of {0} cancelled.', title), 'cancelled', 'info');
    case 'gone':
      return fail(vscode.l10n.t('{0} was deleted while compacting.', title), 'gone');
    case 'error':
      // The model's or server's own words: no link or icon in them may render.
      return fail(vscode.l10n.t('Compaction of {0} failed: {1}', title, messageSafe(outcome.message)), 'error');
  }
}

function succeed(message: string): CompactionReport {
  void showInformation(message);
  return { outcome: 'compacted', message };
}

function fail(message: string, outcome: CompactionReport['outcome'], level: 'info' | 'error' = 'error'): CompactionReport {
  if (level === 'info') void showInformation(message);
  else void showError(message);
  return { outcome, message };
}
