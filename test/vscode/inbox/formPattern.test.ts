// A form field's pattern is the model's or an MCP server's (OpenCode 2's question tool, MCP elicitation), and it
// is checked as the user types. In a real VS Code, a 60-character answer typed one character at a time into the
// input box the form walker shows (through the walker's own keystroke handler), against `^(\w+\s?)+$` (which RegExp needs seconds for once the text cannot
// match): the extension host's own work within its worst event-loop gap stays under 50 ms, measured as the
// 20 000-line Changes case measures it (test/harness/stallWatch.ts). The form is built here: the question tool
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
});
