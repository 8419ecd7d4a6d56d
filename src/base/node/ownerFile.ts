// One of several VS Code windows on a machine acts for all of them: the one holding an owner file in the extension's
// global storage folder (shared by every window of the user), a ProcessClaim. A window that does not hold it looks
// again at most once a second, and takes it over once its holder's process is gone.
import { ProcessClaim } from './processClaim';

/** How often a window that does not hold the file looks whether its holder is gone. */
const LOOK_EVERY_MS = 1_000;

export class OwnerFile {
  private claim: ProcessClaim | undefined;
  private lookedAt = -Infinity;

  constructor(
    private readonly folder: string,
    private readonly name: string,
  ) {}

  /**
   * Whether this holder acts now: it holds the file, or just took it (none held it, or its holder's process is
   * gone). A window that does not hold it looks again at most once a second.
   */
  isMine(now = Date.now()): boolean {
    if (this.claim) {
      if (this.claim.stillHeld()) return true;
      // Taken over while this one looked away (its file removed by hand, a clock's leftover): it no longer acts.
      this.claim.release();
      this.claim = undefined;
    }
    if (now - this.lookedAt < LOOK_EVERY_MS) return false;
    this.lookedAt = now;
    try {
      this.claim = ProcessClaim.claim(this.folder, this.name);
    } catch {
      // The folder cannot be written: this window does not act for the others.
      this.claim = undefined;
    }
    return this.claim !== undefined;
  }

  /** Lets go (only if the file is still this holder's). */
  release(): void {
    this.claim?.release();
    this.claim = undefined;
  }
}
