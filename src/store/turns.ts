// What one turn of a session changed on disk, as OpenCode records it per turn: each file's status, `+/−` counts
// and a unified patch. The server's adapter reads them (v1/turns.ts); features/changes composes them.

export type ChangeStatus = 'added' | 'modified' | 'deleted';

/** One file as one turn changed it. */
export interface FileChange {
  /** As the server names it: relative to the project, untrusted. */
  path: string;
  status: ChangeStatus;
  additions: number;
  deletions: number;
  patch: string;
  /** Known without reading the patch (one built only when a diff opens): binary, whole-file, and its size. */
  readonly binary?: boolean;
  readonly complete?: boolean;
  readonly patchLength?: number;
}

/** The changes one turn (a user message and the replies it caused) made. */
export interface Turn {
  sessionID: string;
  messageID: string;
  created: number;
  files: FileChange[];
  /** What the session's own tools did in this turn; undefined when the server's messages do not say. */
  tools?: TurnTools;
}

/**
 * What a turn's own tool calls name: the files its file tools (write, edit, patch…) wrote, the shell commands it
 * ran, and whether it handed work to sub-agents. A turn's diff holds whatever changed in the work tree meanwhile
 * (another session, an editor, a launcher): this tells the session's own edits from the rest.
 */
export interface TurnTools {
  /** As the tools named them: absolute, or relative to the session's folder. */
  files: string[];
  commands: string[];
  delegated: boolean;
}
