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
  return controller.signal;
}
