// What views may read of one server's sessions. The store behind it changes only through the connection
// that feeds it events; everything above the client layer sees this read-only face.
import type { PendingRequest } from './pendingRequest';
import type { SessionRecord } from './sessionRecord';
import type { SpendReader } from './spendLedger';
import type { Usage } from './usage';

export interface SessionReader {
  readonly size: number;
  get(id: string): SessionRecord | undefined;
  all(): IterableIterator<SessionRecord>;
  /** Sessions whose status is not idle (busy, retrying), from an index: no pass over every session. */
  notIdle(): IterableIterator<SessionRecord>;
  /** Sessions without a parent, and children whose parent this server does not (yet) have. */
  roots(): SessionRecord[];
  /** The parent a session is shown under, if that parent is here. */
  parentOf(id: string): string | undefined;
  childrenOf(id: string): SessionRecord[];
  /** Every known descendant, each exactly once. */
  descendantsOf(id: string): SessionRecord[];
  /** Own usage plus every descendant's own usage, each descendant counted exactly once. */
  inclusive(id: string): Usage;
  /** Whether only what was read of each tree is held (OpenCode 2 listed by parent): totals may be partial. */
  readonly readsByParent: boolean;
  /** What hangs below this session has not been read yet: it may have children. */
  childrenUnread(id: string): boolean;
  /** The inclusive total leaves out what is not read yet below this session. */
  partial(id: string): boolean;
  /** Some session's children are not read yet: server and folder totals leave them out. */
  readonly anyUnread: boolean;
  /** Some session active since `since` (ms) has children not read yet: the spend windows from then may leave them out. */
  partialSince(since: number): boolean;
  /** The replies its sessions spent, by the minute they were recorded (the budget windows' sums). */
  readonly spend: SpendReader;
  /** The stamp of the store's last change, and the sessions held that changed after a stamp, each once. */
  readonly changeStamp: number;
  changedSince(stamp: number): Iterable<SessionRecord>;
  /** Every request waiting on this server, oldest first. */
  pendingRequests(): PendingRequest[];
}
