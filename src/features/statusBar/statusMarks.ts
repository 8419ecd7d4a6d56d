// What the status bar says of the marks (sessionDecorations.ts): the shown session's pause, and how many other task
// trees wait for you. A server decides how many roots wait: each is looked at once per update.
import type { SessionDecoration, SessionDecorations } from '../../app/sessions/sessionDecorations';
import type { ActiveTarget } from '../../app/sessions/activeSession';
import { rootOf } from '../../store/attention';

type Marks = Pick<SessionDecorations, 'of' | 'roots'>;

/** The pause of the shown session, else of its tree's root (a parent shown, its sub-agent paused with it). */
export function shownPause(decorations: Marks | undefined, { connection, record }: ActiveTarget): SessionDecoration | undefined {
  const paused = (id: string) => decorations?.of(connection, id).find((m) => m.group === 'paused');
  return paused(record.info.id) ?? paused(rootOf(connection.sessions, record.info.id));
}

/** Root sessions other than the shown one's that wait for your answer. */
export function waitingElsewhere(decorations: Marks | undefined, target: ActiveTarget): number {
  const shownRoot = rootOf(target.connection.sessions, target.record.info.id);
  return (decorations?.roots('waiting') ?? []).filter((n) => !(n.connection === target.connection && n.sessionId === shownRoot)).length;
}
