// The extension's one event shape, vscode.Event's, without the `vscode` module so that the core runs (and is
// tested) in plain Node: an event is a function; call it with a listener and dispose what it returns.
export type Listener<T> = (value: T) => unknown;

export interface Disposable {
  dispose(): void;
}

export type Event<T> = (listener: Listener<T>) => Disposable;

export class Emitter<T> {
  private listeners = new Set<Listener<T>>();

  /**
   * What owners hand out: listeners subscribe through it, only the owner fires. It also answers to `.on`, the
   * spelling the tests and benchmarks were written in.
   */
  readonly event: Event<T> & { on: Event<T> } = Object.assign((listener: Listener<T>) => this.on(listener), {
    on: (listener: Listener<T>) => this.on(listener),
  });

  on(listener: Listener<T>): Disposable {
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

  /** Drops every listener (the owner is done). */
  dispose(): void {
    this.listeners.clear();
  }
}
