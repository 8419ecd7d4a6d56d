// The extension's one lifecycle: a part registers what it owns (listeners, timers, items, children) and is
// disposed once, the newest first; what it is handed after that is disposed at once, so nothing outlives it.
// Structurally a vscode.Disposable, without the `vscode` module: the base layer runs in plain Node.
export abstract class Disposable {
  private readonly owned: Array<{ dispose(): unknown }> = [];
  private isDisposed = false;

  protected get disposed(): boolean {
    return this.isDisposed;
  }

  /** Owns `part` from now on: it is disposed with this. */
  protected register<T extends { dispose(): unknown }>(part: T): T {
    if (this.isDisposed) part.dispose();
    else this.owned.push(part);
    return part;
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
    this.register({ dispose: () => timer.clear() });
    return timer;
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    for (const part of this.owned.splice(0).reverse()) part.dispose();
  }
}
