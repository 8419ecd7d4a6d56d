// Server-sent events, read incrementally: each chunk's new text is scanned once (never the whole buffer again),
// and what is not yet a whole event is capped, so one endless or huge `data:` line cannot hold the heap or the
// event loop. The SDK's parser rescanned its whole buffer on every chunk and kept any amount of it.
import { StringDecoder } from 'node:string_decoder';

/**
 * The most text one event may carry (its data lines and fields, and the unfinished line). In characters, which
 * for OpenCode's ASCII JSON are bytes. The largest real events (a long reply's final part) are well below it.
 */
export const MAX_EVENT_CHARS = 4 * 1024 * 1024;

export interface SseHandlers {
  /** An event's `data:` lines, joined by "\n" (events without data are not reported). */
  onData(data: string): void;
  /** A comment line (`: heartbeat`): the server is there, though it sent no event. */
  onComment?(): void;
  /** An event over the cap was dropped (once per event, when the cap is passed); `chars` is how much was seen then. */
  onOversize?(chars: number): void;
}

export class SseParser {
  /**
   * Node's UTF-8 decoder: it keeps a character cut at a chunk's end for the next chunk as TextDecoder's
   * `stream` mode does, at a sixth of its cost (ICU's streaming decoder was a fifth of the cost per event).
   */
  private readonly decoder = new StringDecoder('utf8');
  /** The start of a line whose end has not arrived yet. */
  private partial = '';
  /** The current event's first data line, and its later ones (rare: OpenCode sends one line per event). */
  private data: string | undefined;
  private moreData: string[] | undefined;
  /** Characters the current event holds (its data lines and the partial line). */
  private held = 0;
  /** Dropping the current event: everything up to the empty line that ends it is discarded. */
  private dropping = false;
  /** The unfinished line was dropped (its text is not kept): its end does not make an empty line. */
  private partialDropped = false;
  /** The last chunk ended in "\r": a "\n" that starts the next one belongs to that line end. */
  private afterCr = false;

  constructor(
    private readonly handlers: SseHandlers,
    private readonly maxEventChars = MAX_EVENT_CHARS,
  ) {}

  /** Feeds bytes as they arrive. */
  push(chunk: Uint8Array): void {
    if (this.partialDropped) {
      // Inside a dropped line: its bytes are not even decoded, only searched for the line's end.
      const lf = chunk.indexOf(10);
      const cr = chunk.indexOf(13);
      if (lf < 0 && cr < 0) return;
      // A character cut at the chunk's end belonged to the dropped line: start decoding afresh at its end.
      this.decoder.end();
      chunk = chunk.subarray(lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr));
    }
    this.pushText(this.decoder.write(chunk));
  }

  /** Feeds text as it arrives (the bytes decoded). */
  pushText(text: string): void {
    const start = this.afterCr && text.charCodeAt(0) === 10 ? 1 : 0;
    this.afterCr = false;
    // OpenCode ends lines with "\n" only: a chunk without "\r" takes the plain loop (one memchr-like scan
    // for the "\r", then one per line), which V8 runs several times faster than the loop that tracks both.
    if (text.indexOf('\r', start) < 0) this.lfLines(text, start);
    else this.anyLines(text, start);
  }

  private lfLines(text: string, start: number): void {
    while (start < text.length) {
      const end = text.indexOf('\n', start);
      if (end < 0) return this.keepPartial(text, start);
      this.endLine(text, start, end);
      start = end + 1;
    }
  }

  /** Lines ended by "\n", "\r\n" or "\r". */
  private anyLines(text: string, start: number): void {
    const length = text.length;
    // The next "\r" at or after `start`: found once and moved forward only, so each chunk is scanned once.
    let cr = text.indexOf('\r', start);
    while (start < length) {
      const lf = text.indexOf('\n', start);
      if (cr >= 0 && cr < start) cr = text.indexOf('\r', start);
      const end = cr >= 0 && (lf < 0 || cr < lf) ? cr : lf;
      if (end < 0) return this.keepPartial(text, start);
      this.endLine(text, start, end);
      start = end + 1;
      if (end === cr) {
        if (start === length) this.afterCr = true;
        else if (text.charCodeAt(start) === 10) start += 1;
      }
    }
  }

  /** The line that ends at `end` (with the unfinished start kept from earlier chunks). */
  private endLine(text: string, start: number, end: number): void {
    // The common line, whole in this chunk: its data is sliced out once, not the line and then its data.
    if (!this.partial && !this.partialDropped && !this.dropping && text.startsWith('data: ', start))
      return this.addData(text.slice(start + 6, end), end - start);
    const line = this.partial ? this.partial + text.slice(start, end) : text.slice(start, end);
    const droppedLine = this.partialDropped;
    this.partial = '';
    this.partialDropped = false;
    // The end of a line dropped on the way is not an empty line (which would end the event).
    if (!droppedLine) this.line(line);
  }

  private keepPartial(text: string, start: number): void {
    if (this.dropping) {
      this.partialDropped = true;
      return;
    }
    const rest = start ? text.slice(start) : text;
    if (this.held + this.partial.length + rest.length > this.maxEventChars) {
      this.drop(this.held + this.partial.length + rest.length);
      this.partialDropped = true;
      return;
    }
    this.partial += rest;
  }

  private line(line: string): void {
    if (line === '') return this.dispatch();
    if (this.dropping) return;
    const first = line.charCodeAt(0);
    if (first === 58 /* : */) {
      this.handlers.onComment?.();
      return;
    }
    if (line.startsWith('data')) {
      // "data: x" and "data:x" alike; a field named "data…" otherwise (e.g. "dataset") is not data.
      if (line.length === 4) this.addData('', line.length);
      else if (line.charCodeAt(4) === 58) this.addData(line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5), line.length);
    }
    // event:, id:, retry: and unknown fields: nothing here reads them.
  }

  private addData(value: string, size: number): void {
    if (this.held + size > this.maxEventChars) return this.drop(this.held + size);
    this.held += size;
    if (this.data === undefined) this.data = value;
    else (this.moreData ??= []).push(value);
  }

  private drop(chars: number): void {
    this.dropping = true;
    this.data = this.moreData = undefined;
    this.partial = '';
    this.held = 0;
    this.handlers.onOversize?.(chars);
  }

  private dispatch(): void {
    if (this.dropping) {
      this.dropping = false;
      return;
    }
    if (this.data === undefined) return;
    const data = this.moreData ? `${this.data}\n${this.moreData.join('\n')}` : this.data;
    this.data = this.moreData = undefined;
    this.held = 0;
    this.handlers.onData(data);
  }
}
