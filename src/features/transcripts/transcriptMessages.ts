// A shown transcript's messages, in order, as pages and refreshes bring them (pure). A message read again that is
// what is held already keeps the held object, so it is not rendered again (TranscriptRender renders each message
// object once); a newer one is appended; an older one (an older page) is merged in. What changed is said as the
// first position that moved since the renderer last took it: a live change costs what it brought, not the length.
import { isDeepStrictEqual } from 'node:util';
import type { TranscriptMessage } from '../../store/transcript';

const compare = (a: TranscriptMessage, b: TranscriptMessage) => a.created - b.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export class TranscriptMessages {
  private readonly list: TranscriptMessage[] = [];
  private readonly at = new Map<string, number>();
  private changedFrom = 0;

  get all(): readonly TranscriptMessage[] {
    return this.list;
  }

  get size(): number {
    return this.list.length;
  }

  /** Takes in messages read from the server (in any order): each compared with the one held by its id, if any. */
  merge(messages: readonly TranscriptMessage[]): void {
    const older: TranscriptMessage[] = [];
    for (const message of messages) {
      const held = this.at.get(message.id);
      if (held !== undefined) {
        // Linear in the message: what was read is compared, not the transcript.
        if (!isDeepStrictEqual(this.list[held], message)) this.replace(held, message);
      } else if (!this.list.length || compare(this.list[this.list.length - 1], message) < 0) {
        this.at.set(message.id, this.list.length);
        this.moved(this.list.length);
        this.list.push(message);
      } else older.push(message);
    }
    if (older.length) this.mergeOlder(older);
  }

  /** The first position that may differ from what was taken last (the length: none), and from now on none. */
  takeChanged(): number {
    const from = Math.min(this.changedFrom, this.list.length);
    this.changedFrom = Infinity;
    return from;
  }

  private replace(index: number, message: TranscriptMessage): void {
    this.list[index] = message;
    this.moved(index);
  }

  private moved(index: number): void {
    if (index < this.changedFrom) this.changedFrom = index;
  }

  /** Messages older than the newest held (an older page): merged in one pass from where the first of them goes. */
  private mergeOlder(older: TranscriptMessage[]): void {
    older.sort(compare);
    const unique = older.filter((m, i) => i === 0 || m.id !== older[i - 1].id);
    let start = this.list.length;
    while (start > 0 && compare(this.list[start - 1], unique[0]) > 0) start--;
    const tail = this.list.splice(start);
    let i = 0;
    let j = 0;
    while (i < tail.length || j < unique.length) {
      const next = j >= unique.length || (i < tail.length && compare(tail[i], unique[j]) < 0) ? tail[i++] : unique[j++];
      this.at.set(next.id, this.list.length);
      this.list.push(next);
    }
    this.moved(start);
  }
}
