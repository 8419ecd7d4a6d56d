// A connection's state as the tree and commands show it, and the timing of its reconnects.
import type { ScheduleClock } from './reconnectSchedule';

export type ConnectionState =
  /** `waitingFor`: the step of connecting under way ("the session list"), since `since` (ms since the epoch). */
  | { kind: 'connecting'; waitingFor?: string; since?: number }
  | { kind: 'online' }
  /** `retryAt`: the next attempt (ms since the epoch); none while the connection is held. */
  | { kind: 'offline'; reason: string; retryAt?: number }
  | { kind: 'unauthorized'; reason: string };

export interface ConnectionOptions {
  /** Reconnect when no event (not even a heartbeat, sent every 10 s) arrives for this long. */
  stallMs: number;
  /** Delay before retry number `attempt` (1-based) of failures in a row, before jitter (reconnectSchedule.ts). */
  backoffMs: (attempt: number) => number;
  /** The schedule's clock and random source (tests). */
  clock?: ScheduleClock;
}

export const DEFAULT_CONNECTION_OPTIONS: ConnectionOptions = {
  stallMs: 30_000,
  backoffMs: (attempt) => Math.min(30_000, 1000 * 2 ** (attempt - 1)),
};
