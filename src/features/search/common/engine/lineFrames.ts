// Newline-delimited JSON frames on a local socket (the shared index's, indexServer.ts and remoteEngine.ts): each
// chunk that arrives is scanned once for its newlines, a frame is held until its newline comes, and one longer than
// the cap ends the stream (a peer that never sends a newline cannot grow it). JSON.stringify never writes a raw
// newline, so a frame is one line. Linear in what arrives; the socket's chunks (64 KB) keep each step short.

export class FrameTooLargeError extends Error {}

export class LineFrames {
  private held: Buffer[] = [];
  private heldBytes = 0;

  constructor(private readonly maxBytes: number) {}

  /** The frames `chunk` ends (their text), in order; throws FrameTooLargeError once a frame passes the cap. */
  push(chunk: Buffer): string[] {
    const frames: string[] = [];
    let from = 0;
    for (let newline = chunk.indexOf(10, from); newline >= 0; newline = chunk.indexOf(10, from)) {
      const part = chunk.subarray(from, newline);
      if (this.heldBytes + part.length > this.maxBytes) throw this.tooLarge();
      frames.push(this.heldBytes ? Buffer.concat([...this.held, part]).toString('utf8') : part.toString('utf8'));
      this.held = [];
      this.heldBytes = 0;
      from = newline + 1;
    }
    if (from < chunk.length) {
      const rest = chunk.subarray(from);
      if (this.heldBytes + rest.length > this.maxBytes) throw this.tooLarge();
      this.held.push(rest);
      this.heldBytes += rest.length;
    }
    return frames;
  }

  private tooLarge(): FrameTooLargeError {
    this.held = [];
    this.heldBytes = 0;
    return new FrameTooLargeError(`a frame longer than ${this.maxBytes} bytes`);
  }
}

/** A frame's JSON as a plain object, or undefined (not JSON, or not an object). */
export function parseFrame(frame: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(frame);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
