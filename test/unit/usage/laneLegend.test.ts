// What the Timeline's lanes write besides the canvas stays bounded whatever the tree holds: a legend of a dozen
// models or agents and a count of the rest (drawn in one neutral colour), and each lane's first marks with a
// count of the rest.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TimelineLane, TimelineMark } from '../../../src/store/timeline/timelineTypes';
import { LaneColors, LEGEND_KEYS } from '../../../webview/laneColors';
import { DESCRIBED_MARKS, describeMarks, MARKS_PER_LANE } from '../../../webview/laneMarks';

const SERIES = ['blue', 'orange', 'green'];
const NEUTRAL = 'grey';

describe('LaneColors', () => {
  test('5 000 model names: twelve named in the legend, the rest one neutral entry counting them', () => {
    const colors = new LaneColors(SERIES, NEUTRAL);
    for (let i = 0; i < 5000; i++) colors.colorOf(`model-${i}`);
    const legend = colors.legend();
    assert.equal(legend.length, LEGEND_KEYS + 1);
    assert.deepEqual(legend[0], ['model-0', 'blue']);
    assert.deepEqual(legend[LEGEND_KEYS - 1], [`model-${LEGEND_KEYS - 1}`, SERIES[(LEGEND_KEYS - 1) % SERIES.length]]);
    assert.deepEqual(legend[LEGEND_KEYS], ['4,988 others', NEUTRAL]);
  });

  test('a colour does not move: a named key keeps its own, an other is neutral each time it is drawn', () => {
    const colors = new LaneColors(SERIES, NEUTRAL);
    for (let i = 0; i < LEGEND_KEYS + 3; i++) colors.colorOf(`k${i}`);
    assert.equal(colors.colorOf('k1'), 'orange');
    assert.equal(colors.colorOf(`k${LEGEND_KEYS}`), NEUTRAL);
    assert.equal(colors.colorOf(`k${LEGEND_KEYS + 2}`), NEUTRAL);
    // Met again, the others are counted once.
    assert.deepEqual(colors.legend().at(-1), ['3 others', NEUTRAL]);
  });

  test('a few keys: each named, no others entry', () => {
    const colors = new LaneColors(SERIES, NEUTRAL);
    for (const key of ['a', 'b', 'a', 'c', 'd']) colors.colorOf(key);
    assert.deepEqual(colors.legend(), [
      ['a', 'blue'],
      ['b', 'orange'],
      ['c', 'green'],
      ['d', 'blue'],
    ]);
  });

  test('one key past the dozen is one other', () => {
    const colors = new LaneColors(SERIES, NEUTRAL);
    for (let i = 0; i <= LEGEND_KEYS; i++) colors.colorOf(`k${i}`);
    assert.deepEqual(colors.legend().at(-1), ['1 other', NEUTRAL]);
  });
});

function lane(id: string, marks: number): { lane: TimelineLane } {
  const mark = (i: number): TimelineMark => ({ kind: 'retry', start: i, end: i + 1, open: false });
  return { lane: { id, title: id, created: 0, bars: [], marks: Array.from({ length: marks }, (_, i) => mark(i)), cost: 0 } };
}

describe('describeMarks', () => {
  test('a lane of many marks: its first MARKS_PER_LANE, and how many more', () => {
    const { marks, more } = describeMarks([lane('a', 3), lane('b', 500)]);
    assert.deepEqual(
      marks.filter(([id]) => id === 'a'),
      [
        ['a', 'retry', 0, 1],
        ['a', 'retry', 1, 2],
        ['a', 'retry', 2, 3],
      ],
    );
    assert.equal(marks.filter(([id]) => id === 'b').length, MARKS_PER_LANE);
    assert.deepEqual(more, [['b', 500 - MARKS_PER_LANE]]);
  });

  test('2 000 lanes of 500 marks: at most DESCRIBED_MARKS written, every mark left out counted', () => {
    const lanes = Array.from({ length: 2000 }, (_, i) => lane(`s${i}`, 500));
    const { marks, more } = describeMarks(lanes);
    assert.equal(marks.length, DESCRIBED_MARKS);
    assert.equal(more.length, 2000);
    assert.equal(marks.length + more.reduce((sum, [, n]) => sum + n, 0), 2000 * 500);
  });

  test('few marks: all of them, nothing more', () => {
    const { marks, more } = describeMarks([lane('a', 2), lane('b', 0)]);
    assert.equal(marks.length, 2);
    assert.deepEqual(more, []);
  });
});
