// The one door to a server: every HTTP request of the extension and its plugin goes through send(), with a deadline
// over the whole exchange (the answer read included), a cap on what is read (past it a clear error, not a full heap:
// a misbehaving server or proxy could send any amount) and the redirect policy its caller states. The network's
// errors pass through as fetch threw them, for the caller to word (serverError.ts#asServerError).
import { deadline, release } from './deadline';
import { ServerError } from './serverErrorType';

/** Far above any real answer (10 000 sessions listed are about 10 MB). */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export interface SendOptions extends Pick<RequestInit, 'method' | 'headers' | 'body'> {
  /** What a failure says it was ("Listing sessions"). */
  what: string;
  /**
   * 'follow' for a connection's server (as its SDK does); 'manual' where the redirect is the answer its caller reads
   * (a port anyone may hold, a pairing link); 'refuse' where a secret travels or nothing may move: a redirect fails.
   */
  redirect: 'follow' | 'manual' | 'refuse';
  /** The limit over the exchange, the answer's read included; none: the signal alone (the event stream's watchdog). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** The most of the answer read (MAX_RESPONSE_BYTES unless said); Infinity for a stream without end. */
  maxBytes?: number;
}

/** The answer, its body capped and read under the deadline (let go when the body ends, fails or is cancelled). */
export async function send(target: string | URL | Request, options: SendOptions): Promise<Response> {
  const { what, redirect, timeoutMs, signal, maxBytes = MAX_RESPONSE_BYTES, ...init } = options;
  const limit = timeoutMs === undefined ? signal : deadline(timeoutMs, signal);
  const done = () => limit && release(limit);
  let response: Response;
  try {
    response = await fetch(target, { ...init, signal: limit, redirect: redirect === 'follow' ? 'follow' : 'manual' });
  } catch (err) {
    done();
    throw err;
  }
  if (redirect === 'refuse' && response.status >= 300 && response.status < 400) {
    done();
    await response.body?.cancel().catch(() => undefined);
    throw new ServerError('http', `${what}: the server answered a redirect (HTTP ${response.status}), not followed.`, response.status);
  }
  // A 204's or a 304's answer has no body.
  if (!response.body) done();
  else if (timeoutMs !== undefined || maxBytes !== Infinity) {
    // A status outside 200–599 (undici takes any three digits) cannot make a Response: said as the status it is.
    if (response.status < 200 || response.status > 599) {
      done();
      await response.body.cancel().catch(() => undefined);
      throw new ServerError('http', `${what}: the server answered HTTP ${response.status}`, response.status);
    }
    response = new Response(capped(response, what, maxBytes, done), response);
  }
  return response;
}

/** What of an error answer is read: its message is shown (a line of it), never a page of it; the rest is cut. */
export const MAX_ERROR_BYTES = 16 * 1024;

/**
 * The body, failing with a ServerError once more than `maxBytes` arrived or were declared (an error answer: cut at
 * MAX_ERROR_BYTES, whoever parses it then parses at most that); `done` when it is over.
 */
function capped(response: Response, what: string, maxBytes: number, done: () => void): ReadableStream<Uint8Array> {
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body!.getReader();
  const cap = response.ok ? maxBytes : Math.min(maxBytes, MAX_ERROR_BYTES);
  const tooLarge = () =>
    new ServerError(
      'http',
      `${what}: the server's answer is over ${cap < 1 << 20 ? `${Math.round(cap / 1024)} KB` : `${Math.round(cap / (1 << 20))} MB`}, more than the extension reads — is this URL an OpenCode server (not a proxy or file server)?`,
    );
  let seen = 0;
  const end = () => void (done(), reader.cancel().catch(() => undefined));
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (response.ok && Number(response.headers.get('content-length')) > cap) throw tooLarge();
        const next = await reader.read();
        if (next.done) return void (end(), controller.close());
        seen += next.value.byteLength;
        if (seen <= cap) return controller.enqueue(next.value);
        if (response.ok) throw tooLarge();
        controller.enqueue(next.value.subarray(0, next.value.byteLength - (seen - cap)));
        end();
        controller.close();
      } catch (err) {
        end();
        // An error answer cut off (the connection closed, the deadline): what arrived is its message, as before.
        if (!response.ok && !(err instanceof ServerError)) controller.close();
        else controller.error(err);
      }
    },
    cancel: end,
  });
}

/** The body as text (capped by send()), the event loop given a turn while a long one is decoded. */
export async function readText(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let lastTurn = performance.now();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    text += decoder.decode(value, { stream: true });
    // Chunks already queued are read in one run of promise callbacks, without a turn of the event loop: a
    // 10 MB answer arrived whole held the host while it was decoded.
    if (performance.now() - lastTurn >= YIELD_AFTER_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      lastTurn = performance.now();
    }
  }
}

/** Time spent decoding in a row before the event loop gets a turn. */
const YIELD_AFTER_MS = 8;
