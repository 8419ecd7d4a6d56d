// What every window of the user shares in the extension's global state: the pause book, the pauses that ended, the
// seen marks. VS Code tells no window of another's write and hands a window its own writes back, so each shared value
// is read again at one look every few seconds (OtherWindows) and merged, never taken whole.
import type * as vscode from 'vscode';
import { Disposable } from '../../base/disposable';
import { Emitter } from '../../base/emitter';

/** How often every window reads the shared values again. */
const LOOK_EVERY_MS = 3_000;

/** The one look at what other windows wrote: every shared value's reader listens to it. */
export class OtherWindows extends Disposable {
  private readonly emitter = this._register(new Emitter<void>());
  readonly onDidLook = this.emitter.event;

  constructor() {
    super();
    const look = setInterval(() => this.emitter.fire(), LOOK_EVERY_MS);
    this._register({ dispose: () => clearInterval(look) });
  }
}

/** How a shared value is read from storage (whatever another window or version wrote), merged and stored. */
export interface MergedKind<T> {
  read(stored: unknown): T;
  /** Both together, the same whichever window merges (so windows agree without writing back and forth). */
  merge(mine: T, theirs: T): T;
  /** Whether `value` holds something `of` lacks. */
  holdsMore(value: T, of: T): boolean;
  toJSON(value: T): unknown;
}

/** One value in the global state, merged with what other windows stored; what the stored copy lacks is stored again. */
export class MergedMemento<T> {
  value: T;
  /** The stored value last read or written: another window's write (or this one's handed back) is a new value. */
  private stored: unknown;

  constructor(
    private readonly memento: vscode.Memento,
    private readonly key: string,
    private readonly kind: MergedKind<T>,
  ) {
    this.stored = memento.get(key);
    this.value = kind.read(this.stored);
  }

  /** Reads what is stored, if new: whether that changed this window's value. */
  read(): boolean {
    const merged = this.mergeStored();
    if (!merged) return false;
    if (this.kind.holdsMore(this.value, merged.theirs)) this.store();
    return this.kind.holdsMore(this.value, merged.before) || this.kind.holdsMore(merged.before, this.value);
  }

  /** Stores this window's value, merged with what is stored first. */
  write(): void {
    this.mergeStored();
    this.store();
  }

  private mergeStored(): { theirs: T; before: T } | undefined {
    const stored = this.memento.get(this.key);
    if (stored === this.stored) return undefined;
    this.stored = stored;
    const theirs = this.kind.read(stored);
    const before = this.value;
    this.value = this.kind.merge(before, theirs);
    return { theirs, before };
  }

  private store(): void {
    const value = this.kind.toJSON(this.value);
    this.stored = value;
    void this.memento.update(this.key, value);
  }
}
