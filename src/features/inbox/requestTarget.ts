// The request a command answers: the tree row or notification it came from, the selected row, or the
// user's pick among everything that waits on every server.
import * as vscode from 'vscode';
import { showInformation } from '../../app/host/notify';
import type { ServerConnection } from '../../client/serverConnection';
import { iconSafe } from '../../present/plainText';
import { requestKind, requestSummary } from '../../present/requestText';
import { sessionTitle } from '../../present/sessionTitle';
import { asksUser, type PendingRequest } from '../../store/pendingRequest';
import type { SessionRecord } from '../../store/sessionRecord';
import { isSessionRef } from '../../store/sessionRef';
import type { ServerRegistry } from '../../app/servers/serverRegistry';
import type { SessionsView } from '../../app/sessions/sessionsView';
import type { WaitingRequests } from './waitingRequests';
import type { RequestRef } from '../../app/commands/commandTable';
import type { PausedSession } from '../../store/pausedSession';

export type { RequestRef };

export interface RequestTarget {
  connection: ServerConnection;
  record: SessionRecord;
  request: PendingRequest;
  /**
   * The budget pause that holds the session as it waits on the user, if one does: an answer is sent, and the pause
   * holds (a pause ends only when the user lifts it: the run the answer starts is stopped, to be resumed).
   */
  pausedAs?: () => PausedSession | undefined;
}

export function requestRef({ connection, request }: { connection: ServerConnection; request: PendingRequest }): RequestRef {
  return { kind: 'request', serverId: connection.config.id, sessionId: request.sessionID, requestId: request.id };
}

/** Finds the request a command answers, from what it was given and what the user looks at. */
export class RequestTargets {
  constructor(
    private readonly view: SessionsView,
    private readonly waiting: WaitingRequests,
    private readonly registry: ServerRegistry,
    /** The pause holding a session as it waits on the user (BudgetPauses.waitingPause). */
    private readonly pausedAs?: (connection: ServerConnection, sessionId: string) => PausedSession | undefined,
  ) {}

  /**
   * The request to answer, or undefined after saying why not. A request that no longer waits (answered in
   * another client meanwhile) is said in the status bar: it is news, not an error.
   */
  find(arg: unknown, kind?: PendingRequest['kind']): Promise<RequestTarget | undefined> {
    return requestTarget(this.view, this.waiting, (ref) => resolve(this.registry, ref, this.pausedAs), arg, kind);
  }

  /** A quick pick of every request waiting on every server, oldest first. */
  choose(kind?: PendingRequest['kind']): Promise<RequestTarget | undefined> {
    return choosePendingRequest(this.waiting, (ref) => resolve(this.registry, ref, this.pausedAs), kind);
  }
}

type Resolve = (ref: RequestRef) => RequestTarget | undefined;

async function requestTarget(
  view: SessionsView,
  waiting: WaitingRequests,
  resolve: Resolve,
  arg: unknown,
  kind?: PendingRequest['kind'],
): Promise<RequestTarget | undefined> {
  const given = asRef(arg);
  if (given) {
    const found = resolve(given);
    if (!found) vscode.window.setStatusBarMessage('$(check) That request was already answered.', 5000);
    if (found && isKind(found.request, kind)) return found;
    if (!found) return undefined;
  }
  // A selected row of the right kind that still waits; otherwise the user picks among what waits.
  const selected = asRef(view.selection[0]);
  const fromSelection = selected && resolve(selected);
  if (!given && fromSelection && isKind(fromSelection.request, kind)) return fromSelection;
  return choosePendingRequest(waiting, resolve, kind);
}

async function choosePendingRequest(
  waiting: WaitingRequests,
  resolve: Resolve,
  kind?: PendingRequest['kind'],
): Promise<RequestTarget | undefined> {
  const items = waiting
    .refreshNow()
    .filter((w) => isKind(w.request, kind))
    .flatMap((w) => {
      const target = resolve(requestRef(w));
      return target ? [{ ...pickItem(target), target }] : [];
    });
  if (!items.length) {
    void showInformation(
      kind === 'question'
        ? vscode.l10n.t('No OpenCode question waits for an answer.')
        : vscode.l10n.t('Nothing waits for your answer on any OpenCode server.'),
    );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('OpenCode: Pending Requests'),
    placeHolder: vscode.l10n.t('Oldest first. Pick one to answer it.'),
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.target;
}

function pickItem({ connection, record, request }: RequestTarget): vscode.QuickPickItem {
  const parent = record.info.parentID ? connection.sessions.get(record.info.parentID) : undefined;
  return {
    label: `${asksUser(request) ? '$(question)' : '$(shield)'} ${iconSafe(requestSummary(request))}`,
    description: iconSafe(`${requestKind(request)} · ${sessionTitle(record.info)}`),
    detail: iconSafe(parent ? vscode.l10n.t('{0} · sub-agent of “{1}”', connection.label, sessionTitle(parent.info)) : connection.label),
  };
}

/** A command for questions answers forms too: both ask the user (a form is OpenCode 2's question). */
function isKind(request: PendingRequest, kind?: PendingRequest['kind']): boolean {
  return !kind || request.kind === kind || (kind === 'question' && asksUser(request));
}

function asRef(value: unknown): RequestRef | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const ref = value as Partial<RequestRef>;
  return ref.kind === 'request' && typeof ref.requestId === 'string' && isSessionRef(ref) ? (ref as RequestRef) : undefined;
}

function resolve(
  registry: ServerRegistry,
  ref: RequestRef,
  pausedAs?: (connection: ServerConnection, sessionId: string) => PausedSession | undefined,
): RequestTarget | undefined {
  const connection = registry.get(ref.serverId);
  const record = connection?.sessions.get(ref.sessionId);
  const request = record?.requests.get(ref.requestId);
  if (!connection || !record || !request) return undefined;
  return { connection, record, request, ...(pausedAs && { pausedAs: () => pausedAs(connection, request.sessionID) }) };
}
