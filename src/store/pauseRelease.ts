// How a budget pause ends (PauseBook's release), read by the spans that draw pauses and the notices that say so.
import type { PausedSession } from './pausedSession';

/** Why a pause ended. */
export type ReleaseReason =
  /** Our resume started it again. */
  | 'resumed'
  /**
   * It ran again without our resume once its budget no longer held (raised, its window rolled over): the user
   * prompted it (or another client did), seen running or, when its server comes back, a record newer than the one
   * seen while it was stopped.
   */
  | 'prompted'
  /** Its server no longer lists it. */
  | 'gone'
  /** The user let the budget go (turned it off, or chose to leave the session stopped). */
  | 'released'
  /** The server did not stop it: it runs on. */
  | 'notStopped'
  /** Let go unresumed to keep the book within MAX_PAUSES (PauseBook.begin): it stays stopped. */
  | 'dropped'
  /**
   * Raised or resumed by the user, its run ended when it was paused (`ranOut`) or waits for the user's answer
   * (`waiting`): let go, nothing sent.
   */
  | 'lifted';

export interface Release {
  pause: PausedSession;
  reason: ReleaseReason;
}
