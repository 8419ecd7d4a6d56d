// Chart decimation: every point drawn is a real step with its exact values, buckets never exceed the
// limit, and appending step by step gives the same points as decimating everything at once.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bucketSize, MinMaxBuckets, PeakBuckets, type Source } from '../../webview/decimate';

/** Series s of point i: a deterministic wiggle with peaks and some nulls in series 1. */
function source(values: Array<Array<number | null>>): Source {
  return { x: (i) => i + 1, y: (s, i) => values[s][i] };
}

function wiggle(n: number, seed = 7): Array<Array<number | null>> {
  let r = seed;
  const next = () => (r = (r * 1103515245 + 12345) % 2147483648) / 2147483648;
  return [
    Array.from({ length: n }, () => Math.round(next() * 1000)),
    Array.from({ length: n }, (_, i) => (i % 13 === 5 ? null : Math.round(next() * 100))),
  ];
}

describe('bucketSize', () => {
  test('one point per bucket while they fit, then the smallest power of two that fits', () => {
    assert.equal(bucketSize(0, 600), 1);
    assert.equal(bucketSize(600, 600), 1);
    assert.equal(bucketSize(601, 600), 2);
    assert.equal(bucketSize(20_000, 600), 64);
  });
});

describe('PeakBuckets', () => {
  test('below the limit every point is drawn as it is', () => {
    const v = wiggle(50);
    const d = new PeakBuckets(2, 600);
    d.update(source(v), 0, 50);
    assert.deepEqual(
      d.out[0],
      v[0].map((y, i) => ({ x: i + 1, y })),
    );
    assert.deepEqual(
      d.out[1],
      v[1].map((y, i) => ({ x: i + 1, y })),
    );
  });

  test('above it, each bucket is the step with the largest stack, with that step’s own values', () => {
    const v = wiggle(20_000);
    const d = new PeakBuckets(2, 600);
    d.update(source(v), 0, 20_000);
    assert.ok(d.out[0].length <= 600, `${d.out[0].length} bars`);
    assert.equal(d.bucket, 64);
    d.out[0].forEach((p, b) => {
      const i = p.x - 1;
      assert.equal(p.y, v[0][i]);
      assert.equal(d.out[1][b].y, v[1][i]);
      assert.equal(d.out[1][b].x, p.x);
      for (let j = b * 64; j < Math.min(20_000, (b + 1) * 64); j++)
        assert.ok((v[0][j] ?? 0) + (v[1][j] ?? 0) <= (v[0][i] ?? 0) + (v[1][i] ?? 0));
    });
  });

  test('appending one step at a time (and replacing the last) equals decimating all at once', () => {
    const v = wiggle(3000);
    const live = new PeakBuckets(2, 100);
    for (let n = 1; n <= 3000; n++) live.update(source(v), n - 1, n);
    live.update(source(v), 2999, 3000); // the same last step sent again
    const whole = new PeakBuckets(2, 100);
    whole.update(source(v), 0, 3000);
    assert.deepEqual(live.out, whole.out);
  });
});

describe('MinMaxBuckets', () => {
  test('below the limit every point is drawn, nulls as gaps', () => {
    const v = wiggle(40);
    const d = new MinMaxBuckets(1, 600);
    d.update(source(v), 0, 40);
    assert.deepEqual(
      d.out,
      v[1].map((y, i) => ({ x: i + 1, y })),
    );
  });

  test('above it, each bucket keeps its lowest and highest real point, in step order', () => {
    const v = wiggle(20_000);
    const d = new MinMaxBuckets(0, 300);
    d.update(source(v), 0, 20_000);
    assert.ok(d.out.length <= 600, `${d.out.length} points`);
    for (const p of d.out) assert.equal(p.y, v[0][p.x - 1]);
    for (let i = 1; i < d.out.length; i++) assert.ok(d.out[i].x > d.out[i - 1].x);
    const ys = d.out.map((p) => p.y as number);
    assert.equal(Math.max(...ys), Math.max(...(v[0] as number[])));
    assert.equal(Math.min(...ys), Math.min(...(v[0] as number[])));
  });

  test('appending (and changing the tail) equals decimating all at once', () => {
    const v = wiggle(5000);
    const live = new MinMaxBuckets(1, 200);
    for (let n = 1; n <= 4990; n++) live.update(source(v), n - 1, n);
    live.update(source(v), 4000, 5000); // a tail rewritten from step 4001
    const whole = new MinMaxBuckets(1, 200);
    whole.update(source(v), 0, 5000);
    assert.deepEqual(live.out, whole.out);
  });
});
