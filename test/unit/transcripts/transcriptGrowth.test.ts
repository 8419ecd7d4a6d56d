// A live session's transcript grows by what is new: the messages kept in order as pages and refreshes bring them
// (a message read again unchanged keeps its object), and the renderer looks only from the first that changed — so a
// step added renders one message and looks at a handful, in a transcript of 1 000 or 10 000, and the text is what a
// fresh render of the same messages gives — also as a working session's newest step changes move after move (the
// text is kept as blocks and joined when read: issue 75), its length known without joining it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderTranscript, TranscriptRender } from '../../../src/features/transcripts/transcriptMarkdown';
import { TranscriptMessages } from '../../../src/features/transcripts/transcriptMessages';
import type { TranscriptMessage } from '../../../src/store/transcript';
import { ordinaryMessages, realisticStep } from '../../scale/readers/searchShapes';

const header = { title: 'T', server: 'local', directory: '/w', sessionId: 'ses_g' };
const time = (ms: number) => String(ms);
const yieldTo = () => Promise.resolve();
/** The newest `n` as a refresh reads them: new objects, the same content. */
const readAgain = (messages: readonly TranscriptMessage[], n: number) => messages.slice(-n).map((m) => structuredClone(m));

describe('a growing transcript', () => {
  test('messages merge in order: older pages before, newer after, a message read again unchanged keeps its object', () => {
    const all = ordinaryMessages('ses_g', 600);
    const kept = new TranscriptMessages();
    // Pages newest first, each oldest first inside.
    for (let end = all.length; end > 0; end -= 200) kept.merge(all.slice(Math.max(0, end - 200), end));
    assert.deepEqual(
      kept.all.map((m) => m.id),
      all.map((m) => m.id),
    );
    assert.equal(kept.takeChanged(), 0);
    const held = kept.all[599];
    kept.merge(readAgain(all, 20));
    assert.equal(kept.all[599], held, 'unchanged: the object held stays');
    assert.equal(kept.takeChanged(), 600, 'nothing changed');
    kept.merge([{ ...structuredClone(all[590]), error: 'failed' }]);
    assert.equal(kept.takeChanged(), 590);
  });

  test('a step added renders what changed and looks at as much, whatever the length; the text is a fresh render', async () => {
    const looked: number[] = [];
    for (const length of [1_000, 10_000]) {
      const messages = new TranscriptMessages();
      messages.merge(ordinaryMessages('ses_g', length));
      const render = new TranscriptRender(time);
      await render.update(header, messages.all, {}, yieldTo, messages.takeChanged());
      assert.equal(render.work.rendered, length, 'each message rendered once');
      const version = render.version;

      // A refresh that brings nothing new: nothing rendered, nothing to tell VS Code.
      const before = { ...render.work };
      messages.merge(readAgain(messages.all, 20));
      await render.update(header, messages.all, {}, yieldTo, messages.takeChanged());
      assert.equal(render.work.rendered, before.rendered);
      assert.equal(render.version, version, 'the text did not change');

      // The newest 20 read again: the last one changed (its tool finished late) and one new.
      const newest = readAgain(messages.all, 20);
      newest[19] = { ...newest[19], error: 'failed late' };
      newest.push(...ordinaryMessages('ses_g', 1, 1_000 + length));
      messages.merge(newest);
      const rendered = await render.update(header, messages.all, {}, yieldTo, messages.takeChanged());
      assert.equal(render.work.rendered - before.rendered, 2, 'the changed message and the new one');
      assert.ok(render.version > version);
      looked.push(render.work.visited - before.visited);
      assert.equal(rendered.text, renderTranscript(header, messages.all, { formatTime: time }).text);
    }
    assert.equal(looked[0], looked[1], `messages looked at for a step: ${looked.join(' and ')}`);
    assert.ok(looked[0] <= 6, `a handful looked at: ${looked[0]}`);
  });

  test('a working session followed: its newest step changed move after move, steps added; after each move the text is a whole render', async () => {
    const messages = new TranscriptMessages();
    messages.merge(ordinaryMessages('ses_g', 30));
    const render = new TranscriptRender(time);
    await render.update(header, messages.all, {}, yieldTo, messages.takeChanged());
    const fresh = () => renderTranscript(header, messages.all, { formatTime: time });
    for (let move = 0; move < 12; move++) {
      if (move % 3 === 0) messages.merge([realisticStep('ses_g', move)]);
      else {
        // The newest step read again, grown: a new object, the same ids.
        const newest = messages.all[messages.size - 1];
        const grown = realisticStep('ses_g', 0, `move ${move}`).parts.map((part, j) => ({ ...part, id: newest.parts[j].id }));
        messages.merge([{ ...structuredClone(newest), parts: grown }]);
      }
      const rendered = await render.update(header, messages.all, {}, yieldTo, messages.takeChanged());
      const whole = fresh();
      assert.equal(render.size, whole.text.length, `the length, without reading the text (move ${move})`);
      assert.equal(rendered.text, whole.text, `move ${move}`);
      assert.deepEqual([...rendered.lines].sort(), [...whole.lines].sort());
      assert.deepEqual(rendered.folds, whole.folds);
    }
    // Its header grown (a parent named: every line moves), then no messages at all.
    const grown = { ...header, parentId: 'ses_parent', cost: 1 };
    const regrown = await render.update(grown, messages.all, {}, yieldTo, 0);
    assert.equal(regrown.text, renderTranscript(grown, messages.all, { formatTime: time }).text);
    const none = render.renderNow(header, [], {});
    assert.equal(none.text, renderTranscript(header, [], { formatTime: time }).text);
    assert.equal(render.size, none.text.length);
  });
});
