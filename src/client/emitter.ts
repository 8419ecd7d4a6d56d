// A minimal listener list, so the client layer stays free of the `vscode` module (and testable in plain
// Node). Views subscribe with `on()` and dispose what it returns.
export type Listener<T> = (value: T) => void;

export class Emitter<T> {
  private listeners = new Set<Listener<T>>();

  on(listener: Listener<T>): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Calls every listener; one that throws is reported and never keeps the others from hearing it. */
  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (err) {
        console.error('opencode-sessions: a listener failed', err);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
