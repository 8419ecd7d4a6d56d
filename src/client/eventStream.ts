// One subscription to `/global/event`. It does not retry by itself (the SDK's own retry would reconnect
// silently, and after any reconnect the state must be re-fetched because the server replays nothing):
// it resolves when the server ends the stream and rejects on failure or stall, and the connection decides.
import type { ServerEndpoint } from './endpoint';
import { clientFor } from './v1/sdkClient';
import { asServerError, notOpencodeAnswer, ServerError } from './serverError';

export interface EventStreamOptions {
  /** Reconnect when nothing (not even a heartbeat, sent every 10 s) arrives for this long. */
  stallMs: number;
  signal: AbortSignal;
  onItem(item: unknown): void;
  /** `/global/event` (V1, the default) or `/api/event` (V2). */
  route?: 'v1' | 'v2';
  /** Told of every chunk (V2: its heartbeats are comments, which yield no item). */
  onBytes?(): void;
}

export async function runEventStream(endpoint: ServerEndpoint, options: EventStreamOptions): Promise<void> {
  const local = new AbortController();
  const abort = () => local.abort();
  if (options.signal.aborted) abort();
  options.signal.addEventListener('abort', abort);
  let stalled = false;
  let failure: unknown;
  let watchdog: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => {
      stalled = true;
      local.abort();
    }, options.stallMs);
  };
  try {
    arm();
    const client = clientFor(endpoint);
    // V2 sends its heartbeat as an SSE comment, which yields no item: any bytes show the server is there.
    const fetch =
      options.route === 'v2'
        ? eventStreamFetch(() => {
            arm();
            options.onBytes?.();
          })
        : eventStreamFetch();
    const sse = { signal: local.signal, sseMaxRetryAttempts: 1, fetch, onSseError: (err: unknown) => (failure = err) };
    const { stream } = options.route === 'v2' ? await client.v2.event.subscribe(sse) : await client.global.event(sse);
    for await (const item of stream) {
      arm();
      options.onItem(item);
    }
  } catch (err) {
    failure ??= err;
  } finally {
    clearTimeout(watchdog);
    options.signal.removeEventListener('abort', abort);
  }
  if (options.signal.aborted) return;
  if (stalled) throw new ServerError('unreachable', `No event or heartbeat for ${Math.round(options.stallMs / 1000)} s.`);
  if (failure) throw classify(failure);
}

/**
 * The SDK reads any 200 as a stream; a login page would then just look silent until the watchdog fires.
 * With `onBytes`, told of every chunk that arrives (comments included).
 */
function eventStreamFetch(onBytes?: () => void) {
  return async (input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> => {
    const response = await fetch(input, init);
    const type = response.headers.get('content-type') ?? '';
    if (response.ok && !type.includes('text/event-stream')) {
      void response.body?.cancel().catch(() => undefined);
      throw new ServerError(
        'not-opencode',
        `Event stream: ${notOpencodeAnswer(type, 'an event stream')} — is this URL an OpenCode server?`,
      );
    }
    if (!onBytes || !response.body) return response;
    const watched = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          onBytes();
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(watched, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

function classify(err: unknown): ServerError {
  const message = err instanceof Error ? err.message : String(err);
  if (/SSE failed: 401/.test(message)) return new ServerError('unauthorized', 'The server asked for a password (401).', 401);
  const status = message.match(/SSE failed: (\d{3})/);
  if (status) return new ServerError('http', `The event stream answered HTTP ${status[1]}.`, Number(status[1]));
  return asServerError(err, 'Event stream');
}
