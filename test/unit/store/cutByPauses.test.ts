// Which budget cut a step (a Timeline hover says it): an abort within 30 s of a pause's start, while that pause held.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cutByPauses } from '../../../src/store/timeline/timelineLanes';
import type { TimelineMark } from '../../../src/store/timeline/timelineTypes';

const pause = (start: number, end: number): TimelineMark => ({
  kind: 'pause',
  start,
  end,
  open: false,
  budget: { name: 'session', limit: 1.8, ended: 'resumed' },
});
const abort = (start: number): TimelineMark => ({ kind: 'abort', start, end: start, open: false });

test("an abort while a pause holds is the pause's stop; one after the pause ended (a person's) is not", () => {
  const marks = [pause(1_000, 6_000), abort(1_200), abort(20_000)];
  cutByPauses(marks);
  assert.deepEqual(marks[1].budget, { name: 'session', limit: 1.8 });
  assert.equal(marks[2].budget, undefined, 'resumed at 6 s, stopped by someone at 20 s');
});
