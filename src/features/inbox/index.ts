// The inbox: what waits for the user's answer (permission requests, questions, forms) on every server, as rows under
// their sessions, a status bar item, notifications, and the commands that answer.
import type { App } from '../../app';
import { registerAnswerCommands } from './answerCommands';
import { FormInputs } from './formInputs';
import { RequestNotifier } from './requestNotifier';
import { RequestRows } from './requestRows';
import { RequestTargets } from './requestTarget';
import { WaitingRequests } from './waitingRequests';
import { WaitingStatusBar } from './waitingStatusBar';

export type { RequestNode } from './requestRows';

export function registerInbox(app: App): { waitingStatusBar: WaitingStatusBar; requestNotifier: RequestNotifier; formInputs: FormInputs } {
  // Everything that waits for an answer, on every server: the status bar item, notifications and the quick pick read it.
  const waiting = new WaitingRequests(app.sessions);
  const waitingStatusBar = new WaitingStatusBar(waiting);
  const requestNotifier = new RequestNotifier(waiting, app.attention, app.log);
  const targets = new RequestTargets(app.view, waiting, app.registry, (connection, sessionId) =>
    app.budgetPauses.waitingPause(connection, sessionId),
  );
  const formInputs = new FormInputs();
  app.extension.subscriptions.push(
    waiting,
    waitingStatusBar,
    requestNotifier,
    formInputs,
    app.view.contribute(
      new RequestRows(
        () => app.view.rows,
        (id) => app.registry.get(id),
      ),
    ),
    registerAnswerCommands(targets, formInputs),
  );
  return { waitingStatusBar, requestNotifier, formInputs };
}
