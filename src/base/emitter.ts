// The extension's one event shape, vscode.Event's signature without the `vscode` module, so that the core runs
// (and is tested) in plain Node and the app and features hand VS Code our events as they are: an event is a
// function; call it with a listener and dispose what it returns. One emitter for every layer (the layers test
// holds that nothing makes a vscode.EventEmitter).
import { type IDisposable, toDisposable } from './disposable';

export type Listener<T> = (value: T) => unknown;

/** As vscode.Event: `thisArgs` binds the listener, `disposables` receives the subscription. */
export type Event<T> = (listener: Listener<T>, thisArgs?: unknown, disposables?: IDisposable[]) => IDisposable;

/** Covariant, as vscode.EventEmitter: an emitter of a row type serves where one of a wider union is asked for. */
export class Emitter<out T> {
  // Held as listeners of `never` so that the emitter's type stays covariant; each was given as a Listener<T>.
  private readonly listeners = new Set<Listener<never>>();

  /**
   * What owners hand out: listeners subscribe through it, only the owner fires. It also answers to `.on`, the
   * spelling the tests and benchmarks were written in.
   */
  readonly event: Event<T> & { on: Event<T> } = Object.assign(
    (listener: Listener<T>, thisArgs?: unknown, disposables?: IDisposable[]) => this.on(listener, thisArgs, disposables),
    { on: (listener: Listener<T>, thisArgs?: unknown, disposables?: IDisposable[]) => this.on(listener, thisArgs, disposables) },
  );

  on(listener: Listener<T>, thisArgs?: unknown, disposables?: IDisposable[]): IDisposable {
    // A wrapper per subscription: the same function subscribed twice is two subscriptions, each disposed alone.
    const bound: Listener<T> = (value) => listener.call(thisArgs, value);
    this.listeners.add(bound);
    const subscription = toDisposable(() => this.listeners.delete(bound));
    disposables?.push(subscription);
    return subscription;
  }

  /** Calls every listener; one that throws is reported and never keeps the others from hearing it. */
  fire(value: T): void {
    for (const listener of [...this.listeners] as Array<Listener<T>>) {
      // One disposed by an earlier listener of this same fire no longer hears it.
      if (!this.listeners.has(listener)) continue;
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

/** Events made from events, as VS Code's `Event` namespace. */
// eslint-disable-next-line @typescript-eslint/no-namespace
export namespace Event {
  export const None: Event<never> = () => toDisposable(() => undefined);

  /** Hears the first value only. */
  export function once<T>(event: Event<T>): Event<T> {
    return (listener, thisArgs, disposables) => {
      let done = false;
      let subscription: IDisposable | undefined = undefined;
      subscription = event(
        (value) => {
          if (done) return;
          done = true;
          subscription?.dispose();
          return listener.call(thisArgs, value);
        },
        undefined,
        disposables,
      );
      // Fired while subscribing: heard once, and unsubscribed now that the subscription exists.
      if (done) subscription.dispose();
      return subscription;
    };
  }
}
