// The most of one answer the extension reads: a listing, a page of messages, a V2 request. Past it the read
// stops with a clear error instead of filling the heap (a misbehaving server or proxy could send any amount).
import { ServerError } from './serverErrorType';

/** Far above any real answer (10 000 sessions listed are about 10 MB). */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

function tooLarge(what: string, maxBytes: number): ServerError {
  return new ServerError(
    'http',
    `${what}: the server's answer is over ${sizeWords(maxBytes)}, more than the extension reads — is this URL an OpenCode server (not a proxy or file server)?`,
  );
}

/** 64 MB, or 64 KB for a cap under a megabyte (an identity answer's). */
function sizeWords(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KB` : `${Math.round(bytes / 1024 / 1024)} MB`;
}

/** `response` with a body that fails (with a ServerError) once more than `maxBytes` arrived. */
export function cappedResponse(response: Response, what: string, maxBytes = MAX_RESPONSE_BYTES): Response {
  if (!response.body) return response;
  let seen = 0;
  const capped = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > maxBytes) controller.error(tooLarge(what, maxBytes));
        else controller.enqueue(chunk);
      },
    }),
  );
  return new Response(capped, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/** The body as text, failing once more than `maxBytes` arrived (the rest is not read). */
export async function readCappedText(response: Response, what: string, maxBytes = MAX_RESPONSE_BYTES): Promise<string> {
  if (!response.body) return '';
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) {
    await response.body.cancel().catch(() => undefined);
    throw tooLarge(what, maxBytes);
  }
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let seen = 0;
  let lastTurn = performance.now();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    seen += value.byteLength;
    if (seen > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(what, maxBytes);
    }
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

/** What of an error answer is read: its message is shown (a line of it), never a page of it. */
export const MAX_ERROR_BYTES = 16 * 1024;

/**
 * An error answer with its body cut to `maxBytes` (the rest is not read): whoever parses it as JSON then parses
 * at most that, and a cut one reads as text.
 */
export async function cutErrorResponse(response: Response, maxBytes = MAX_ERROR_BYTES): Promise<Response> {
  if (!response.body) return response;
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let seen = 0;
  try {
    while (seen < maxBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value.subarray(0, maxBytes - seen));
      seen += Math.min(value.byteLength, maxBytes - seen);
    }
  } catch {
    // A body cut off by the server: what arrived is the message.
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(Buffer.concat(chunks), { status: response.status, statusText: response.statusText, headers });
}
