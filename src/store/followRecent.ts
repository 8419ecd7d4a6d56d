// Which session "the most recently active" means while the user has picked none. Several live sessions take
// turns (a prompt here, a Task step there): re-choosing the newest on every event swapped the status bar and
// the usage panel between unrelated sessions every few seconds. So the session followed so far stays until
// there is a clear reason to leave it: it is gone, or it ended (no turn running, nothing waiting for the user)
// and has been quiet for FOLLOW_QUIET_MS while another session was active since.

export const FOLLOW_QUIET_MS = 120_000;

export interface FollowCandidate {
  /** ms since the epoch. */
  lastActivity: number;
  /** A turn runs (busy or retrying) or a request waits for the user. */
  live: boolean;
}

/** Whether to stay on `followed` rather than move to `newest` (the most recently active session now). */
export function keepFollowing(followed: FollowCandidate | undefined, newest: FollowCandidate | undefined, now: number): boolean {
  if (!followed) return false;
  if (!newest || followed.live) return true;
  return now - followed.lastActivity < FOLLOW_QUIET_MS || newest.lastActivity <= followed.lastActivity;
}
