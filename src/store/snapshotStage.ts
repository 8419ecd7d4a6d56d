// A snapshot's sessions turned into records page by page while the listing still loads, so that installing
// the snapshot costs only the linking, not the parsing and allocation of every record. Nothing here is visible to
// views until the store takes it: `SessionStore.loadSnapshot`, or a long listing's slices before it
// (client/sessions/stagedInstall.ts), shown while the connection still says it is connecting.
import type { SessionInfo } from './events';
import { newRecord, type SessionRecord } from './sessionRecord';

export class SnapshotStage {
  /** By session id; a later copy of a session wins, as in the listing. */
  readonly records = new Map<string, SessionRecord>();

  /** Adds one page of sessions already read with `sessionInfo()` (the listing does; it counts what was not a session). */
  add(infos: readonly SessionInfo[]): void {
    for (const info of infos) this.records.set(info.id, newRecord(info));
  }
}
