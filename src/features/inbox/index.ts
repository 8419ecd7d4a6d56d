// The inbox: what waits for the user's answer (permission requests, questions) on every server, as rows under
// their sessions, a status bar item, notifications, and the commands that answer.
import type { App } from '../../app';
import { registerAnswerCommands } from './answerCommands';
import { RequestNotifier } from './requestNotifier';
import { RequestRows } from './requestRows';
import { RequestTargets } from './requestTarget';
import { WaitingRequests } from './waitingRequests';
import { WaitingStatusBar } from './waitingStatusBar';

export type { RequestNode } from './requestRows';

export function registerInbox(app: App): { waitingStatusBar: WaitingStatusBar; requestNotifier: RequestNotifier } {
  // Everything that waits for an answer, on every server: the status bar item, notifications and the quick pick read it.
  const waiting = new WaitingRequests(app.sessions);
  const waitingStatusBar = new WaitingStatusBar(waiting);
  const requestNotifier = new RequestNotifier(waiting);
  const targets = new RequestTargets(app.view, waiting, app.registry);
  app.extension.subscriptions.push(
    waiting,
    waitingStatusBar,
    requestNotifier,
    app.view.contribute(
      new RequestRows(
        () => app.view.rows,
        (id) => app.registry.get(id),
      ),
    ),
    registerAnswerCommands(targets),
  );
  return { waitingStatusBar, requestNotifier };
}
