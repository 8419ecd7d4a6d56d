// The project's own SSE parser: events split at any byte, every line ending the spec allows, comments, and
// the cap on one event (dropped with one report; the events after it arrive).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SseParser } from '../../../src/client/transport/sseParser';

function collect(max?: number) {
  const seen: string[] = [];
  const parser = new SseParser(
    {
      onData: (data) => seen.push(`data:${data}`),
      onComment: () => seen.push('comment'),
      onOversize: (chars) => seen.push(`oversize:${chars > (max ?? 0)}`),
    },
    max,
  );
  return { parser, seen };
}

const encoder = new TextEncoder();

describe('SseParser', () => {
  const stream = 'data: {"a":1}\n\n: heartbeat\n\ndata: é€😀\n\nevent: x\nid: 7\ndata: one\ndata: two\n\ndata\n\ndataset: no\n\n';
  const expected = ['data:{"a":1}', 'comment', 'data:é€😀', 'data:one\ntwo', 'data:'];

  test('whole events, comments and multi-line data; split at every byte they read the same', () => {
    const bytes = encoder.encode(stream);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const { parser, seen } = collect();
      parser.push(bytes.subarray(0, cut));
      parser.push(bytes.subarray(cut));
      assert.deepEqual(seen, expected, `cut at ${cut}`);
    }
  });

  test('one byte at a time', () => {
    const { parser, seen } = collect();
    for (const byte of encoder.encode(stream)) parser.push(Uint8Array.of(byte));
    assert.deepEqual(seen, expected);
  });

  test('"\\r\\n" and lone "\\r" end lines too, also when "\\r\\n" is split between chunks', () => {
    for (const eol of ['\r\n', '\r']) {
      const text = stream.replaceAll('\n', eol);
      for (let cut = 0; cut <= text.length; cut++) {
        const { parser, seen } = collect();
        parser.pushText(text.slice(0, cut));
        parser.pushText(text.slice(cut));
        assert.deepEqual(seen, expected, `${JSON.stringify(eol)} cut at ${cut}`);
      }
    }
  });

  test('an event over the cap is dropped once, in pieces or whole; the next event arrives', () => {
    const max = 1000;
    const big = 'x'.repeat(5000);
    // Arriving in pieces: the unfinished line passes the cap.
    const pieces = collect(max);
    pieces.parser.pushText('data: {"before":1}\n\ndata: "');
    for (let i = 0; i < 50; i++) pieces.parser.pushText(big);
    pieces.parser.pushText('"\n\ndata: {"after":1}\n\n');
    assert.deepEqual(pieces.seen, ['data:{"before":1}', 'oversize:true', 'data:{"after":1}']);
    // Whole in one chunk, and over several data lines each under the cap.
    const whole = collect(max);
    whole.parser.pushText(`data: ${big}\n\ndata: ${'y'.repeat(600)}\ndata: ${'y'.repeat(600)}\n\ndata: ok\n\n`);
    assert.deepEqual(whole.seen, ['oversize:true', 'oversize:true', 'data:ok']);
  });

  test('a dropped event whose chunk ends at a line end: the empty line in the next chunk still ends it', () => {
    const { parser, seen } = collect(1000);
    parser.push(encoder.encode(`data: ${'x'.repeat(5000)}\n`));
    parser.push(encoder.encode('\n'));
    parser.push(encoder.encode('data: ok\n\n'));
    assert.deepEqual(seen, ['oversize:true', 'data:ok']);
  });

  test('bytes that are not UTF-8 read as U+FFFD; a character cut inside a dropped line does not reach the next event', () => {
    const { parser, seen } = collect(1000);
    parser.push(Uint8Array.of(...encoder.encode('data: a'), 0xff, 0xc3, ...encoder.encode('b\n\n')));
    // The dropped line's last chunk ends inside "é": its first byte must not be read with the next chunk.
    const cut = encoder.encode(`data: ${'x'.repeat(5000)}é`);
    parser.push(cut.subarray(0, cut.length - 1));
    parser.push(Uint8Array.of(cut[cut.length - 1], ...encoder.encode('\n\ndata: ok é\n\n')));
    assert.deepEqual(seen, ['data:a\uFFFD\uFFFDb', 'oversize:true', 'data:ok é']);
  });

  test('an endless line holds at most the cap: 50 MB in 64 KB chunks, reported once', () => {
    const { parser, seen } = collect(4 * 1024 * 1024);
    const chunk = encoder.encode('x'.repeat(64 * 1024));
    parser.pushText('data: "');
    for (let i = 0; i < 800; i++) parser.push(chunk);
    assert.deepEqual(seen, ['oversize:true']);
    // Comments inside the dropped event's lines are not comments: the watchdog must not hear them.
    parser.pushText('\n: not a heartbeat while dropping\n\ndata: 1\n\n');
    assert.deepEqual(seen, ['oversize:true', 'data:1']);
  });
});
