// A form field's pattern is the model's or an MCP server's (OpenCode 2's question tool, MCP elicitation), and it
// is checked as the user types. In a real VS Code, a 60-character answer typed one character at a time into the
// input box the form walker shows (through the walker's own keystroke handler), against `^(\w+\s?)+$` (which RegExp needs seconds for once the text cannot
// match): the extension host's own work within its worst event-loop gap stays under 50 ms, measured as the
// 20 000-line Changes case measures it (test/harness/stallWatch.ts); and so are the worst a model can send: nested
// empty repeats, a class of 100 000 entries, a 60 000-character e-mail default. The form is built here: the question tool
// writes no pattern, and an MCP server that elicits one needs OpenCode 2 (forms.test.ts drives the server's forms).
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { askForm } from '../../../src/features/inbox/answerForm';
import type { FormRequest } from '../../../src/store/formRequest';
import { watchStalls } from '../../harness/stallWatch';
import { extensionApi, waitFor } from '../helpers/extensionApi';

/** 60 characters; from the full stop on, no prefix can match, so every keystroke after it is a failed match. */
const ANSWER = 'Please use the default configuration. Then run every test ok';
const PATTERN = '^(\\w+\\s?)+$';
/** Between keystrokes (pacing, not a wait for a state): 60 characters in a little over a second. */
const KEYSTROKE_MS = 20;
/** The host's own work within its worst gap, at most. */
const BOUND_MS = 50;

describe('a form field’s pattern checked as the user types', function () {
  this.timeout(120_000);
  let api: ExtensionApi;

  before(async () => {
    api = await extensionApi();
  });

  it('typing 60 characters against a catastrophic pattern keeps the host’s worst stall under 50 ms', async () => {
    assert.equal(ANSWER.length, 60);
    const form: FormRequest = {
      kind: 'form',
      id: 'frm_pattern',
      sessionID: 'ses_pattern',
      title: 'Questions',
      fields: [
        {
          key: 'q0',
          type: 'string',
          title: 'Setup',
          description: 'How should I set it up?',
          required: true,
          when: [],
          custom: true,
          pattern: PATTERN,
        },
      ],
    };
    const answered = askForm(form, api.formInputs);
    const box = (await waitFor(
      'the form’s input box',
      () => api.formInputs.shown,
      (shown) => shown !== undefined && !('items' in shown),
    )) as vscode.InputBox;
    const watch = watchStalls();
    for (let i = 1; i <= ANSWER.length; i++) {
      const typed = ANSWER.slice(0, i);
      api.formInputs.type(typed); // as a keystroke: the walker checks the text and sets the message
      const matches = !typed.includes('.'); // words and single spaces match until the full stop
      const message = box.validationMessage as string | undefined; // the walker sets plain text
      assert.equal(message === undefined, matches, `${JSON.stringify(typed)}: ${message ?? 'no message'}`);
      assert.ok(matches || message?.includes('Must match'), message);
      // The next keystroke comes as its own event, as a fast typist's would: the sampler gets its turns between.
      await new Promise((resolve) => setTimeout(resolve, KEYSTROKE_MS));
    }
    const stalls = watch.stop();
    console.log(
      `      typing 60 characters: ${stalls.cpu} own work within the worst gap ${stalls.worstBusy.toFixed(1)} ms, ` +
        `worst gap ${stalls.worstGap.toFixed(1)} ms, event-loop delay max ${stalls.delayMax.toFixed(1)} ms`,
    );
    assert.ok(stalls.worstBusy < 50, `the host's own work within its worst gap: ${stalls.worstBusy.toFixed(1)} ms`);
    box.hide(); // Escape: nothing is sent
    assert.equal(await answered, undefined);
  });

  /** Shows a one-field form, waits for its input box, and gives the box and the form's answer to come. */
  async function ask(field: Partial<FormRequest['fields'][number]>): Promise<{ box: vscode.InputBox; answered: Promise<unknown> }> {
    const form = {
      kind: 'form',
      id: `frm_${Math.random().toString(36).slice(2)}`,
      sessionID: 'ses_pattern',
      title: 'Questions',
      fields: [{ key: 'q0', type: 'string', title: 'Q', description: 'Answer', required: true, when: [], custom: true, ...field }],
    } as FormRequest;
    const answered = askForm(form, api.formInputs);
    const box = (await waitFor(
      'the form’s input box',
      () => api.formInputs.shown,
      (shown) => shown !== undefined && !('items' in shown),
    )) as vscode.InputBox;
    return { box, answered };
  }

  /** The host's own work within its worst gap while `act` runs, with a sampler turn after it. */
  async function stallOf(act: () => void): Promise<number> {
    const watch = watchStalls();
    act();
    await new Promise((resolve) => setTimeout(resolve, KEYSTROKE_MS));
    return watch.stop().worstBusy;
  }

  const messageOf = (box: vscode.InputBox) => {
    const m = box.validationMessage;
    return typeof m === 'string' ? { text: m, warning: false } : m ? { text: m.message, warning: true } : undefined;
  };

  /**
   * The host's own work for one case, by `run(variant)`: a case over the bound is run once more, on a variant the host
   * has not compiled or cached (a collection or another process's burst lands in one run; a super-linear check
   * fails both). Returns the figure as logged.
   */
  async function bounded(label: string, run: (variant: number) => Promise<number>): Promise<string> {
    const first = await run(0);
    if (first < BOUND_MS) return `${label}: ${first.toFixed(1)} ms`;
    const again = await run(1);
    const figure = `${label}: ${first.toFixed(1)} ms, again ${again.toFixed(1)} ms`;
    assert.ok(again < BOUND_MS, figure);
    return figure;
  }

  it('a model’s worst patterns and defaults answer within 50 ms of the host’s own work', async () => {
    let cls = '';
    for (let i = 0; i < 100_000; i++) cls += String.fromCharCode(0x100 + ((2 * i) % 0xd000));
    const figures: string[] = [];

    // Nested empty repeats: 20 bytes that compiled for hours. Now the empty match, once.
    figures.push(
      await bounded('((){100000}){100000}', async (variant) => {
        const { box, answered } = await ask({ pattern: `((){100000}){${100_000 - variant}}` });
        const stall = await stallOf(() => api.formInputs.type('an answer'));
        assert.equal(messageOf(box), undefined, 'it matches anything, as RegExp says');
        box.hide();
        assert.equal(await answered, undefined);
        return stall;
      }),
    );
    figures.push(
      await bounded('^((){100000}){100000}$', async (variant) => {
        const { box, answered } = await ask({ pattern: `^((){100000}){${100_000 - variant}}$` });
        const stall = await stallOf(() => api.formInputs.type('x'));
        assert.match(messageOf(box)?.text ?? '', /^Must match/);
        box.hide();
        await answered;
        return stall;
      }),
    );
    // A class of 100 000 entries on 10 000 characters: past the pattern cap, said as a warning; Enter still sends.
    figures.push(
      await bounded('a class of 100 000 on 10 000 characters', async (variant) => {
        const { box, answered } = await ask({ pattern: `^[${cls}${variant ? 'z' : ''}]+$` });
        const typed = cls.slice(-10_000);
        const stall = await stallOf(() => api.formInputs.type(typed));
        assert.deepEqual(messageOf(box), {
          text: 'Not checked against the pattern here: the pattern is too large to check as you type. OpenCode checks it when sent.',
          warning: true,
        });
        api.formInputs.accept();
        assert.deepEqual(await answered, { q0: typed });
        return stall;
      }),
    );
    // A class of 4 000 entries (within the caps) on 5 000 characters: checked, by halves over its ranges.
    figures.push(
      await bounded('a class of 4 000 on 5 000 characters', async (variant) => {
        const small = cls.slice(0, 4_000);
        const { box, answered } = await ask({ pattern: `^[${small}${variant ? 'z' : ''}]+$` });
        const stall = await stallOf(() => api.formInputs.type(small + small.slice(0, 999) + 'a'));
        assert.match(messageOf(box)?.text ?? '', /^Must match/);
        box.hide();
        await answered;
        return stall;
      }),
    );
    // An e-mail field whose default is 60 000 characters that are not an address: 7.4 s on Enter before.
    figures.push(
      await bounded('e-mail default of 60 000 characters, Enter', async (variant) => {
        const { box, answered } = await ask({ format: 'email', default: `a@${'.'.repeat(60_000 + variant)}@` });
        const stall = await stallOf(() => api.formInputs.accept());
        assert.deepEqual(messageOf(box), { text: 'Expected an e-mail address.', warning: false });
        box.hide();
        assert.equal(await answered, undefined);
        return stall;
      }),
    );
    console.log(`      the host's own work within its worst gap: ${figures.join('; ')}`);
  });
});
