// The extension's one lifecycle: a part registers what it owns (listeners, timers, items, children) and is
// disposed once, the newest first; what it is handed after that is disposed at once, so nothing outlives it.
// Structurally a vscode.Disposable, without the `vscode` module: the base layer runs in plain Node. The names are
// VS Code's base/common/lifecycle.ts: IDisposable, toDisposable, DisposableStore, MutableDisposable, Disposable and its
// _register.

/** Anything that can be disposed (vscode.Disposable is one). */
export interface IDisposable {
  dispose(): void;
}

/** A disposable that runs `dispose` once. */
export function toDisposable(dispose: () => unknown): IDisposable {
  let done = false;
  return {
    dispose: () => {
      if (done) return;
      done = true;
      dispose();
    },
  };
}

/** A bag of disposables, disposed together (newest first); what is added after that is disposed at once. */
export class DisposableStore implements IDisposable {
  private readonly parts: Array<{ dispose(): unknown }> = [];
  private done = false;

  add<T extends { dispose(): unknown }>(part: T): T {
    if (this.done) part.dispose();
    else this.parts.push(part);
    return part;
  }

  /** Disposes what it holds and stays usable. */
  clear(): void {
    // Every part is disposed even when one throws; the errors are thrown together after.
    const errors: unknown[] = [];
    for (const part of this.parts.splice(0).reverse()) {
      try {
        part.dispose();
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length) throw new AggregateError(errors, 'several parts failed to dispose');
  }

  dispose(): void {
    if (this.done) return;
    this.done = true;
    this.clear();
  }
}

/** A part swapped over time (a panel's model as it follows another session): setting one disposes the one before. */
export class MutableDisposable<T extends IDisposable> implements IDisposable {
  private current?: T;
  private done = false;

  get value(): T | undefined {
    return this.current;
  }

  /** Disposed at once when this is disposed already. */
  set value(next: T | undefined) {
    if (next === this.current) return;
    const before = this.current;
    this.current = this.done ? undefined : next;
    before?.dispose();
    if (this.done) next?.dispose();
  }

  dispose(): void {
    this.value = undefined;
    this.done = true;
  }
}

export abstract class Disposable implements IDisposable {
  private readonly owned = new DisposableStore();
  private isDisposed = false;

  protected get disposed(): boolean {
    return this.isDisposed;
  }

  /** Owns `part` from now on: it is disposed with this. */
  protected _register<T extends { dispose(): unknown }>(part: T): T {
    return this.owned.add(part);
  }

  /** A timer that dies with this part: `set` replaces the pending one; nothing fires after dispose(). */
  protected ownTimer(): { set(callback: () => void, ms: number): void; readonly pending: boolean; clear(): void } {
    let handle: NodeJS.Timeout | undefined;
    const timer = {
      set: (callback: () => void, ms: number) => {
        clearTimeout(handle);
        if (this.isDisposed) return;
        handle = setTimeout(() => {
          handle = undefined;
          callback();
        }, ms);
      },
      get pending() {
        return handle !== undefined;
      },
      clear: () => {
        clearTimeout(handle);
        handle = undefined;
      },
    };
    this._register({ dispose: () => timer.clear() });
    return timer;
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    this.owned.dispose();
  }
}
