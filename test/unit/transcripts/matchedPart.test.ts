// The part a search result matched, shown alone before the transcript is read: at the line the part's id names, as
// the index holds its text, and inert whatever the server wrote (as VS Code's Markdown preview renders it).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { matchedPartOf, renderMatchedPart } from '../../../src/features/transcripts/matchedPart';

const preview = (markdown: string): string => {
  const markdownIt = createRequire(__filename)('markdown-it') as (options: object) => { render(text: string): string };
  return markdownIt({ html: true, linkify: true }).render(markdown);
};
const header = { title: 'Audit', server: 'laptop', directory: '/w', sessionId: 'ses_1' };
const HOSTILE = 'see [run](command:workbench.action.quit) <img src=x onerror=alert(1)> ``` \n```\nafter https://example.com/a';
const time = (ms: number) => `t${ms}`;

describe('the matched part alone', () => {
  test("a prompt: under the header and its message's heading, at the line its id names, said to be read still", () => {
    const match = { part: 'prt_1', kind: 'prompt' as const, text: 'balance the quokka ledger', at: 5 };
    const rendered = renderMatchedPart(header, match, { earlier: 1, formatTime: time });
    const lines = rendered.text.split('\n');
    assert.equal(lines[rendered.lines.get('prt_1')!], 'balance the quokka ledger');
    assert.ok(lines.includes('## Prompt · t5'));
    assert.match(rendered.text, /Earlier messages are being read/);
    assert.ok(rendered.text.startsWith('# Audit\n'));
  });

  test("a tool's indexed text in a block; hostile text stays text in the preview", () => {
    for (const kind of ['tool', 'reply', 'prompt'] as const) {
      const rendered = renderMatchedPart({ ...header, title: HOSTILE }, { part: 'p', kind, tool: `bash ${HOSTILE}`, text: HOSTILE });
      const html = preview(rendered.text);
      assert.ok(!/<img|<a /.test(html), `no image or link renders (${kind}):\n${html}`);
    }
    const tool = renderMatchedPart(header, { part: 'p', kind: 'tool', tool: 'bash', text: 'bash\necho hi' });
    const lines = tool.text.split('\n');
    assert.match(lines[tool.lines.get('p')!], /^### Tool bash · as the search index holds it$/);
    assert.ok(lines.includes('echo hi'));
  });

  test('as the Open Transcript argument: a match passes as given, anything else is no match', () => {
    const match = { part: 'prt_1', kind: 'tool', tool: 'bash', text: 'echo', at: 5 };
    assert.deepEqual(matchedPartOf(match), match);
    assert.deepEqual(matchedPartOf({ part: 'p', kind: 'reply', text: 't', at: Infinity, tool: 7 }), {
      part: 'p',
      kind: 'reply',
      text: 't',
    });
    const huge = matchedPartOf({ part: 'p', kind: 'reply', text: 'line\n'.repeat(200_000), tool: 'x'.repeat(10_000) })!;
    assert.ok(huge.text.length <= 16 * 1024 && huge.tool!.length <= 512, 'bounded as the index bounds a part');
    assert.ok(renderMatchedPart(header, huge).text.length < 40_000, 'and renders as such');
    for (const wrong of [
      undefined,
      null,
      'p',
      [],
      { part: 'p', kind: 'shell', text: 't' },
      { part: 1, kind: 'tool', text: 't' },
      { part: 'p', kind: 'tool' },
    ])
      assert.equal(matchedPartOf(wrong), undefined, JSON.stringify(wrong));
  });

  test("the query's words pass lower-cased and bounded; anything but a word is dropped", () => {
    const given = {
      part: 'p',
      kind: 'prompt',
      text: 't',
      words: ['Addre', 7, '', 'x'.repeat(500), ...Array.from({ length: 40 }, () => 'w')],
    };
    const words = matchedPartOf(given)!.words!;
    assert.deepEqual(words.slice(0, 2), ['addre', 'x'.repeat(48)]);
    assert.ok(words.length <= 16, `at most 16 words: ${words.length}`);
    assert.equal(matchedPartOf({ part: 'p', kind: 'prompt', text: 't', words: 'addre' })!.words, undefined);
    // Punctuation in a word given by another extension's call could split an escape of ours (review: `<img src=…`).
    const hostile = matchedPartOf({ part: 'p', kind: 'prompt', text: 't', words: ["<img src=//1.2.3.4/p t='", 'Zephyr_1'] })!;
    assert.deepEqual(hostile.words, ['zephyr_1']);
  });
});
