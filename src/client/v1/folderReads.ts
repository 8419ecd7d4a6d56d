// The per-folder reads of a snapshot (non-idle statuses, then pending requests where something runs): OpenCode
// answers them per project directory, so each folder's reads start as soon as the listing reveals the folder,
// while later pages still load.
import type { FolderRead, PendingListing, SnapshotReads } from '../serverApi';
import { Slots } from './folderSlots';
import { listStatuses } from './sessions';
import { listPendingRequests } from './pending';
import type { OpencodeClient } from './client';

const NOTHING_PENDING: PendingListing = { requests: [], failures: [], failedDirectories: [] };

export class FolderReads implements SnapshotReads {
  private readonly reads = new Map<string, Promise<FolderRead>>();
  /** A few folders at a time, in the order the listing reveals them (folderSlots.ts). */
  private readonly slots = new Slots();
  private failed?: Error;

  constructor(private readonly clientForDirectory: (dir: string) => OpencodeClient) {}

  /** Starts the reads of every folder not seen before. */
  add(directories: Iterable<string>): void {
    for (const dir of directories) {
      if (this.reads.has(dir)) continue;
      const read = this.slots.run(async () => {
        // One read failed (a 401, a status route down): settle() rejects with it, and the folders still waiting are not asked.
        if (this.failed) throw this.failed;
        const statuses = await listStatuses(this.clientForDirectory, [dir]);
        // A request waits inside a running turn, and the store drops the requests of idle sessions: a folder
        // with nothing running has nothing to list, which spares the server two requests per folder.
        const running = Object.values(statuses).some((status) => status.type !== 'idle');
        const pending = running ? await listPendingRequests(this.clientForDirectory, [dir]) : NOTHING_PENDING;
        return { statuses, pending };
      });
      // Awaited in `settle()`; a failure before then must not count as unhandled.
      void read.catch((err: unknown) => void (this.failed ??= err instanceof Error ? err : new Error(String(err))));
      this.reads.set(dir, read);
    }
  }

  /** Every folder's statuses and requests, merged; rejects as the first failed read does (a 401, a status route down). */
  async settle(): Promise<FolderRead> {
    const all = await Promise.all(this.reads.values());
    const merged: FolderRead = { statuses: {}, pending: { requests: [], failures: [], failedDirectories: [] } };
    for (const { statuses, pending } of all) {
      Object.assign(merged.statuses, statuses);
      // One by one: a spread of a server's list into arguments throws past ~120 000 entries.
      for (const request of pending.requests) merged.pending.requests.push(request);
      for (const failure of pending.failures) merged.pending.failures.push(failure);
      for (const dir of pending.failedDirectories) merged.pending.failedDirectories.push(dir);
    }
    return merged;
  }
}
