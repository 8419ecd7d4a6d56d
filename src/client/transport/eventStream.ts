// One subscription to a server's event stream (each generation's contract names its route), read by our own SSE
// parser (sseParser.ts): each chunk is scanned once, one event is capped, and the stall watchdog re-arms only on
// whole events or comments (a server that trickles bytes without ever finishing an event is stalled). It does not
// retry by itself: after any reconnect the state must be re-fetched because the server replays nothing. It resolves
// when the server ends the stream and rejects on failure or stall, and the connection decides.
import { authHeaders, type ServerEndpoint } from './endpoint';
import { send } from './send';
import { asServerError, notOpencodeAnswer, ServerError } from './serverError';
import { PIECE_CHARS, parseJson } from './slicedJson';
import { MAX_EVENT_CHARS, SseParser } from './sseParser';

export interface EventStreamOptions {
  /** Reconnect when no whole event and no comment (heartbeats are either) arrives for this long. */
  stallMs: number;
  signal: AbortSignal;
  /** Each event's data, parsed as JSON (the raw text when it is not JSON), and its length in characters. */
  onItem(item: unknown, chars: number): void;
  /** The stream's route, its query included: the generation's event route, or OpenCode 2's per-session log. */
  path: string;
  /** Told of every comment (V2's heartbeats are comments, which yield no item). */
  onComment?(): void;
  /** An event over the cap was dropped (the connection goes on). */
  onOversize?(chars: number): void;
  /** The cap on one event, in characters (tests lower it). */
  maxEventChars?: number;
}

/** How a dropped event is counted and logged (once per connection) with the connection's malformed data. */
export const OVERSIZE = `event over ${MAX_EVENT_CHARS / 1024 / 1024} MB (dropped; the stream goes on)`;

/**
 * Time spent reading in a row before the event loop gets a turn. By time, not bytes: a turn every 256 KB cost
 * ~10% of the CPU per event in a burst (bench eventCpu), and bytes say nothing of how long they take to read.
 */
const YIELD_AFTER_MS = 10;

export async function runEventStream(endpoint: ServerEndpoint, options: EventStreamOptions): Promise<void> {
  const local = new AbortController();
  const abort = () => local.abort();
  if (options.signal.aborted) abort();
  options.signal.addEventListener('abort', abort);
  let stalled = false;
  let watchdog: NodeJS.Timeout | undefined;
  // A chunk that brought a whole event or a comment notes the time, once (a timer per event cost more than the
  // parse, the clock per event ~2%); the watchdog looks when the limit would run out, and waits the rest when
  // something arrived meanwhile.
  let lastSeen = Date.now();
  let heard = false;
  const check = () => {
    const idle = Date.now() - lastSeen;
    if (idle < options.stallMs) {
      watchdog = setTimeout(check, options.stallMs - idle);
      return;
    }
    stalled = true;
    local.abort();
  };
  let failure: unknown;
  try {
    watchdog = setTimeout(check, options.stallMs);
    // No deadline and no cap on the whole: the watchdog above and the parser's cap on one event keep it.
    const response = await send(endpoint.url + options.path, {
      what: 'Event stream',
      headers: { accept: 'text/event-stream', ...authHeaders(endpoint) },
      signal: local.signal,
      redirect: 'follow',
      maxBytes: Infinity,
    });
    checkResponse(response);
    // A chunk's events, in order: a big one is parsed a slice at a time (slicedJson.ts), so the ones after it wait.
    const events: string[] = [];
    const parser = new SseParser(
      {
        onData: (data) => {
          heard = true;
          events.push(data);
        },
        onComment: () => {
          heard = true;
          options.onComment?.();
        },
        onOversize: (chars) => options.onOversize?.(chars),
      },
      options.maxEventChars ?? MAX_EVENT_CHARS,
    );
    const reader: ReadableStreamDefaultReader<Uint8Array> = response.body!.getReader();
    try {
      let lastTurn = performance.now();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.push(value);
        for (const data of events) {
          if (data.length <= PIECE_CHARS) options.onItem(parseData(data), data.length);
          else {
            const item = await parseBigData(data);
            // Parsed over several turns: a stream stopped meanwhile hands nothing more on (its reader is shared).
            if (local.signal.aborted) break;
            options.onItem(item, data.length);
          }
          if (local.signal.aborted) break;
        }
        events.length = 0;
        if (heard) {
          heard = false;
          lastSeen = Date.now();
        }
        // Chunks already queued are read in one run of promise callbacks, without a turn of the event loop:
        // in a burst, let timers and I/O in (a flood of 50 MB otherwise stalled the host ~100 ms at once).
        if (performance.now() - lastTurn >= YIELD_AFTER_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          lastTurn = performance.now();
        }
      }
    } finally {
      reader.releaseLock();
      // A stream left by an error or an abort: close its socket now rather than at garbage collection.
      void response.body?.cancel().catch(() => undefined);
    }
  } catch (err) {
    failure = err;
  } finally {
    clearTimeout(watchdog);
    options.signal.removeEventListener('abort', abort);
  }
  if (options.signal.aborted) return;
  if (stalled) throw new ServerError('unreachable', `No event or heartbeat for ${Math.round(options.stallMs / 1000)} s.`);
  if (failure !== undefined) throw asServerError(failure, 'Event stream');
}

/** A 401, another status, or a 200 that is not a stream (a login page would otherwise just look silent). */
function checkResponse(response: Response): void {
  const release = () => void response.body?.cancel().catch(() => undefined);
  if (response.status === 401) {
    release();
    throw new ServerError('unauthorized', 'The server asked for a password (401).', 401);
  }
  if (!response.ok) {
    release();
    throw new ServerError('http', `The event stream answered HTTP ${response.status}.`, response.status);
  }
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('text/event-stream') || !response.body) {
    release();
    throw new ServerError('not-opencode', `Event stream: ${notOpencodeAnswer(type, 'an event stream')} — is this URL an OpenCode server?`);
  }
}

/** JSON, as OpenCode sends; anything else reaches the event reader as text, which counts it as malformed. */
function parseData(data: string): unknown {
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return data;
  }
}

async function parseBigData(data: string): Promise<unknown> {
  try {
    return await parseJson(data);
  } catch {
    return data;
  }
}
