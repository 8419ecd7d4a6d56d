// Chart decimation: every point drawn is a real step with its exact values, buckets never exceed the
// limit, and appending step by step gives the same points as decimating everything at once.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bucketSize, MinMaxBuckets, PeakBuckets, type Source } from '../../../webview/decimate';

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
    assert.ok(d.out[0].length <= 601, `${d.out[0].length} bars`);
    assert.equal(d.bucket, 64);
    assert.equal(d.spans.length, d.out[0].length);
    d.out[0].forEach((p, b) => {
      const i = p.x - 1;
      const [lo, hi] = d.spans[b];
      assert.ok(lo <= i && i <= hi, `bar ${b} (step ${p.x}) lies in its span ${lo}..${hi}`);
      if (b > 0) assert.equal(lo, d.spans[b - 1][1] + 1, 'spans follow each other');
      assert.equal(p.y, v[0][i]);
      assert.equal(d.out[1][b].y, v[1][i]);
      assert.equal(d.out[1][b].x, p.x);
      for (let j = lo; j <= hi; j++) assert.ok((v[0][j] ?? 0) + (v[1][j] ?? 0) <= (v[0][i] ?? 0) + (v[1][i] ?? 0));
    });
    assert.equal(d.spans.at(-1)![1], 19_999);
  });

  test('the newest point is always the last bar: its own, after the peak of the rest of its bucket', () => {
    // Every fourth point is a peak, so the newest is often not its bucket's largest.
    const v = [Array.from({ length: 23 }, (_, i) => (i % 4 === 0 ? 100 : i)), Array.from({ length: 23 }, () => 0)];
    const d = new PeakBuckets(2, 4);
    for (let n = 1; n <= 23; n++) {
      d.update(source(v), n - 1, n);
      const last = d.out[0].length - 1;
      assert.deepEqual(d.out[0][last], { x: n, y: v[0][n - 1] }, `after ${n} points`);
      assert.equal(d.spans[last][1], n - 1);
      // Spans cover every point once; only the last bucket may be two bars (its peak, then the newest).
      d.spans.forEach(([lo], b) => assert.equal(lo, b ? d.spans[b - 1][1] + 1 : 0));
      const buckets = Math.ceil(n / d.bucket);
      const start = (buckets - 1) * d.bucket;
      const split = v[0].slice(start, n - 1).some((y) => y >= v[0][n - 1]);
      assert.equal(d.out[0].length, buckets + (split ? 1 : 0), `bars after ${n} points`);
    }
    assert.equal(d.bucket, 8);
  });

  test('appending one step at a time (and replacing the last) equals decimating all at once', () => {
    const v = wiggle(3000);
    const live = new PeakBuckets(2, 100);
    for (let n = 1; n <= 3000; n++) live.update(source(v), n - 1, n);
    live.update(source(v), 2999, 3000); // the same last step sent again
    const whole = () => {
      const all = new PeakBuckets(2, 100);
      all.update(source(v), 0, 3000);
      return all.out;
    };
    assert.deepEqual(live.out, whole());
    // The last step changed, then one inside the last bucket, then a step appended and sent again with nothing new:
    // the last bucket's kept peak is not trusted past what changed.
    v[0][2999] = 5000;
    live.update(source(v), 2999, 3000);
    assert.deepEqual(live.out, whole());
    v[0][2999] = 0;
    v[0][2990] = 6000;
    live.update(source(v), 2990, 3000);
    assert.deepEqual(live.out, whole());
    v[0][2990] = 0;
    live.update(source(v), 3000, 3000);
    live.update(source(v), 2990, 3000);
    assert.deepEqual(live.out, whole());
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

  test('above it, each bucket keeps its first, lowest, highest and last real point, in step order', () => {
    const v = wiggle(20_000);
    const d = new MinMaxBuckets(0, 300);
    d.update(source(v), 0, 20_000);
    assert.ok(d.out.length <= 4 * 300, `${d.out.length} points`);
    for (const p of d.out) assert.equal(p.y, v[0][p.x - 1]);
    for (let i = 1; i < d.out.length; i++) assert.ok(d.out[i].x > d.out[i - 1].x);
    const ys = d.out.map((p) => p.y as number);
    assert.equal(Math.max(...ys), Math.max(...(v[0] as number[])));
    assert.equal(Math.min(...ys), Math.min(...(v[0] as number[])));
    assert.deepEqual(d.out.at(-1), { x: 20_000, y: v[0][19_999] }, 'the line ends on the newest point');
    assert.deepEqual(d.out[0], { x: 1, y: v[0][0] }, 'and starts on the first');
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
