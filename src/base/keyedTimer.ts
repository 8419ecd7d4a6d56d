// One pending run per key (a session, a document, a budget), all owned by one disposable: a part that debounces
// work per key registers one of these rather than a map of its own timeouts, and nothing runs after it is disposed.
// The methods are those of VS Code's TimeoutTimer (base/common/async.ts), with a key.
import type { IDisposable } from './disposable';

export class KeyedTimer<K> implements IDisposable {
  private readonly handles = new Map<K, NodeJS.Timeout>();
  private disposed = false;

  /** Runs `runner` for `key` in `ms`, unless one already waits: a burst runs once, `ms` after its first call. */
  setIfNotSet(key: K, runner: () => void, ms: number): void {
    if (!this.handles.has(key)) this.cancelAndSet(key, runner, ms);
  }

  /** Runs `runner` for `key` in `ms`, replacing the one that waits: a burst runs once, `ms` after its last call. */
  cancelAndSet(key: K, runner: () => void, ms: number): void {
    this.cancel(key);
    if (this.disposed) return;
    this.handles.set(
      key,
      setTimeout(() => {
        // Gone before it runs: the runner may set the key again.
        this.handles.delete(key);
        runner();
      }, ms),
    );
  }

  /** Drops the run waiting for `key`; whether one waited. */
  cancel(key: K): boolean {
    const handle = this.handles.get(key);
    if (handle === undefined) return false;
    clearTimeout(handle);
    this.handles.delete(key);
    return true;
  }

  /** How many keys have a run waiting. */
  get size(): number {
    return this.handles.size;
  }

  /** Drops every waiting run; what is set after this never runs. */
  dispose(): void {
    this.disposed = true;
    for (const handle of this.handles.values()) clearTimeout(handle);
    this.handles.clear();
  }
}
