// What one turn of a session changed on disk, as OpenCode records it per turn: each file's status, `+/−` counts
// and a unified patch. The server's adapter reads them (v1/v1Turns.ts); features/changes composes them.

export type ChangeStatus = 'added' | 'modified' | 'deleted';

/** One file as one turn changed it. */
export interface FileChange {
  /** As the server names it: relative to the project, untrusted. */
  path: string;
  status: ChangeStatus;
  additions: number;
  deletions: number;
  patch: string;
}

/** The changes one turn (a user message and the replies it caused) made. */
export interface Turn {
  sessionID: string;
  messageID: string;
  created: number;
  files: FileChange[];
}
