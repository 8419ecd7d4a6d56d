// What a session is doing, as the API names it (idle, working, waiting, retrying, error, offline), and the
// English words for it, for callers without a translation (the views pass theirs: src/app/stateWords.ts).
import { sessionState, type SessionRecord, type SessionState } from '../store/sessionRecord';

/** As the API names them. */
export type StateName = 'idle' | 'working' | 'waiting' | 'retrying' | 'error' | 'offline';

const NAMES: Record<SessionState, StateName> = { idle: 'idle', busy: 'working', waiting: 'waiting', retry: 'retrying', error: 'error' };

const WORDS: Record<StateName, string> = {
  idle: 'idle',
  working: 'working',
  waiting: 'waiting for you',
  retrying: 'retrying',
  error: 'error',
  offline: 'offline',
};

/** A session's state; `offline` when its server is not connected (what is shown is then the last known). */
export function stateName(record: SessionRecord, online: boolean): StateName {
  return online ? NAMES[sessionState(record)] : 'offline';
}

export function stateWords(name: StateName): string {
  return WORDS[name];
}
