// A long listing goes into the store a slice at a time before its snapshot takes it: in one step, 100 000
// sessions held the extension host for 170–250 ms. The slices add and update, then remove what the listing no
// longer names (no status or request changes), while the connection still says it waits for the session list; the
// snapshot then finds every record held and only settles statuses and requests. A short listing keeps its one step.
import type { SnapshotStage } from '../../store/snapshotStage';
import type { SessionRecord } from '../../store/sessionRecord';
import type { SessionStore } from '../../store/sessionStore';
import type { StoreChange } from '../../store/storeChange';

/** Up to this many sessions, the snapshot takes the stage in its one step (about 10 ms). */
const ONE_STEP_INSTALL = 5_000;
const SLICE = 2_000;

/**
 * Takes `stage` into `store` in slices of SLICE records, a turn of the event loop between them, then removes what
 * the store holds and the listing no longer names the same way (a reconnect to a server whose sessions are others
 * now removed 100 000 in the snapshot's one step).
 */
export async function takeInSlices(
  store: SessionStore,
  stage: SnapshotStage,
  emit: (change: StoreChange) => void,
  signal?: AbortSignal,
  /** False for a roots-only listing: what the store holds below its roots is the snapshot's to settle. */
  dropUnlisted = true,
): Promise<void> {
  if (stage.records.size <= ONE_STEP_INSTALL && store.size <= ONE_STEP_INSTALL) return;
  let slice: SessionRecord[] = [];
  for (const record of stage.records.values()) {
    slice.push(record);
    if (slice.length < SLICE) continue;
    emit(store.takeStagedPart(slice));
    slice = [];
    if (await aborted(signal)) return;
  }
  if (slice.length) emit(store.takeStagedPart(slice));
  if (!dropUnlisted || store.size <= stage.records.size) return;
  const unlisted: string[] = [];
  for (const record of store.all()) if (!stage.records.has(record.info.id)) unlisted.push(record.info.id);
  for (let i = 0; i < unlisted.length; i += SLICE) {
    if (await aborted(signal)) return;
    emit(store.dropUnlistedPart(unlisted.slice(i, i + SLICE)));
  }
}

/** A turn of the event loop; whether the install was given up meanwhile. */
async function aborted(signal: AbortSignal | undefined): Promise<boolean> {
  await new Promise((resolve) => setImmediate(resolve));
  return signal?.aborted === true;
}
