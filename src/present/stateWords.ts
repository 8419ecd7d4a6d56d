// What a session is doing: the names the API gives it (idle, working, waiting, retrying, error, offline), the
// English words for them for callers without a translation (the views pass theirs: src/app/sessions/stateWords.ts), and
// the details a row's icon cannot show.
import { sessionState, type SessionRecord, type SessionState } from '../store/sessionRecord';
import { requestSummary } from './requestText';

/** As the API names them. */
export type StateName = 'idle' | 'working' | 'waiting' | 'retrying' | 'error' | 'offline';

/**
 * As the views name them: the API's names, and `connecting` for a server not online yet, whose rows show what it
 * has listed so far or last knew (the API says `offline` then: its figures are not live).
 */
export type ViewStateName = StateName | 'connecting';

const NAMES: Record<SessionState, StateName> = { idle: 'idle', busy: 'working', waiting: 'waiting', retry: 'retrying', error: 'error' };

const WORDS: Record<ViewStateName, string> = {
  idle: 'idle',
  working: 'working',
  waiting: 'waiting for you',
  retrying: 'retrying',
  error: 'error',
  offline: 'offline',
  connecting: 'connecting',
};

/** A session's state; `offline` when its server is not connected (what is shown is then the last known). */
export function stateName(record: SessionRecord, online: boolean): StateName {
  return online ? NAMES[sessionState(record)] : 'offline';
}

export function stateWords(name: ViewStateName): string {
  return WORDS[name];
}

/** What the session is doing, with the details its icon cannot show. */
export function stateText(
  record: SessionRecord,
  time: (ms: number) => string,
  words: (name: ViewStateName) => string = stateWords,
): string {
  switch (sessionState(record)) {
    case 'waiting':
      return `${words('waiting')}: ${[...record.requests.values()].map(requestSummary).join('; ')}`;
    case 'retry': {
      const status = record.status.type === 'retry' ? record.status : undefined;
      const next = status?.next ? `, next try ${time(status.next)}` : '';
      return `${words('retrying')} (attempt ${status?.attempt ?? '?'}${next})${status?.message ? `: ${status.message}` : ''}`;
    }
    case 'busy':
      return words('working');
    case 'error':
      return `${words('error')}: ${record.lastError?.name ?? 'Error'}`;
    case 'idle':
      return words('idle');
  }
}
