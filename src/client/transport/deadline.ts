// "This signal, or this many milliseconds": every request's limit. Not `AbortSignal.timeout` inside
// `AbortSignal.any`: on Node 20 (extension hosts VS Code still allows) that combination is dropped by garbage
// collection and then never fires, so a server that accepts a connection and never answers hangs a request
// for good. Here a timer holds the controller, so the limit always fires.

/** Aborts with a `TimeoutError` after `ms`, or with `signal`'s reason when it aborts first. */
export function deadline(ms: number, signal?: AbortSignal): AbortSignal {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`No answer within ${Math.round(ms / 1000)} s.`, 'TimeoutError')), ms);
  // A limit must never keep a process alive by itself.
  timer.unref?.();
  const follow = () => controller.abort(signal?.reason);
  controller.signal.addEventListener(
    'abort',
    () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', follow);
    },
    { once: true },
  );
  if (signal?.aborted) follow();
  else signal?.addEventListener('abort', follow, { once: true });
  releases.set(controller.signal, () => {
    clearTimeout(timer);
    signal?.removeEventListener('abort', follow);
  });
  return controller.signal;
}

const releases = new WeakMap<AbortSignal, () => void>();

/**
 * The request under `limit` (from deadline()) is over: its timer and its listener on the caller's signal go.
 * Without it a long-lived signal (the usage trend's, over thousands of requests) gathers one listener per
 * request until it aborts.
 */
export function release(limit: AbortSignal): void {
  releases.get(limit)?.();
  releases.delete(limit);
}
