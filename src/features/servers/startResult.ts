// What Start Local Server ended in, for the command, the welcome view and tests.
export type StartResult =
  /** `service`: OpenCode 2's per-user service was joined (`joined`) or started. */
  | { ok: true; url: string; service?: 'joined' | 'started' }
  | { ok: false; reason: 'not-found' | 'failed' | 'cancelled' | 'disposed'; message: string };
