// The transcript at a search match: the matched word wrapped in the one element of ours the Markdown preview scrolls
// to (an id, `code-line` and its line), wherever the word is: prose, a fenced output (the block as HTML, line for
// line), a code span or a link (wrapped whole); and nothing the server wrote becomes HTML on the way.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { MATCH_FRAGMENT, markedText } from '../../../src/features/transcripts/matchAnchor';
import { renderTranscript, partEnd } from '../../../src/features/transcripts/transcriptMarkdown';
import type { TranscriptMessage } from '../../../src/store/transcript';

/** markdown-it as VS Code's Markdown preview sets it up (HTML and linkify on). */
const preview = (markdown: string): string => {
  const markdownIt = createRequire(__filename)('markdown-it') as (options: object) => { render(text: string): string };
  return markdownIt({ html: true, linkify: true }).render(markdown);
};

const HOSTILE = '<img src=x onerror=alert(1)> <b>bold</b> &amp; ``` </pre>';

const message = (id: string, role: 'user' | 'assistant', parts: TranscriptMessage['parts']): TranscriptMessage =>
  ({ id, role, created: 0, parts }) as TranscriptMessage;

const transcript = renderTranscript({ title: 'T', server: 's', directory: '/w', sessionId: 'ses_1' }, [
  message('msg_1', 'user', [{ kind: 'text', id: 'prt_prompt', text: `First line ${HOSTILE}\nsecond, the Quokkas_ledger here\nthird` }]),
  message('msg_2', 'assistant', [
    {
      kind: 'tool',
      id: 'prt_tool',
      tool: 'bash',
      status: 'completed',
      input: '{"command":"ls"}',
      output: `line one ${HOSTILE}\nthe quokka ${HOSTILE}\nlast`,
    },
    { kind: 'file', id: 'prt_file', name: 'quokka-notes.md' },
  ]),
]);

const marked = async (part: string, words: string[]) => {
  const line = transcript.lines.get(part)!;
  const text = await markedText(transcript.text, line, partEnd(transcript.lines, line), words);
  assert.ok(text !== undefined, 'the part is in the text');
  return text;
};

/** The one element of ours in rendered HTML, and the text it holds. */
function markIn(html: string): { tag: string; inner: string } {
  const at = html.indexOf('<mark ');
  assert.ok(at >= 0, `a mark: ${html}`);
  assert.equal(html.indexOf('<mark ', at + 1), -1, 'one mark');
  const close = html.indexOf('</mark>', at);
  const tagEnd = html.indexOf('>', at) + 1;
  return { tag: html.slice(at, tagEnd), inner: html.slice(tagEnd, close) };
}

const ELEMENTS_OF_SERVER_TEXT = ['<img', '<b>'];

test('a word in a prompt: the whole word marked, on its line, the lines as they were', async () => {
  const text = await marked('prt_prompt', ['quok']);
  const line = text.split('\n').findIndex((l) => l.includes('<mark'));
  assert.equal(text.split('\n').length, transcript.text.split('\n').length, 'no line added or taken');
  const html = preview(text);
  const { tag, inner } = markIn(html);
  assert.equal(tag, `<mark id="${MATCH_FRAGMENT}" class="code-line" data-line="${line}">`);
  assert.equal(inner, 'Quokkas');
  for (const element of ELEMENTS_OF_SERVER_TEXT) assert.ok(!html.includes(element), `no ${element} of the server's`);
});

test('a word in a fenced output: the block as HTML, line for line, the server text as entities', async () => {
  const text = await marked('prt_tool', ['quokka']);
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes('<mark'));
  assert.equal(lines.length, transcript.text.split('\n').length, 'no line added or taken');
  assert.equal(transcript.text.split('\n')[line].startsWith('the quokka'), true, 'the mark is on the word’s line');
  const html = preview(text);
  const { tag, inner } = markIn(html);
  assert.ok(tag.includes(`data-line="${line}"`));
  assert.equal(inner, 'quokka');
  for (const element of ELEMENTS_OF_SERVER_TEXT) assert.ok(!html.includes(element), `no ${element} of the server's: ${html}`);
  assert.ok(html.includes('&lt;img src=x'), 'shown as text');
  assert.ok(html.includes('<pre>') && html.includes('last'), 'the block goes on after the mark');
});

test('a word in a code span: the span marked whole; no word of the query: an empty mark at the part', async () => {
  const html = preview(await marked('prt_file', ['quokka']));
  assert.match(markIn(html).inner, /^<code>quokka-notes\.md<\/code>$/);
  const none = preview(await marked('prt_prompt', ['wombat']));
  assert.equal(markIn(none).inner, '', 'an empty mark');
});

test("the preview's top: the part's heading when the word is within a screen of it, else the word's line", async () => {
  const long = Array.from({ length: 40 }, (_, n) => `item ${n + 1}`).join('\n');
  const doc = renderTranscript({ title: 'T', server: 's', directory: '/w', sessionId: 'ses_1' }, [
    message('msg_1', 'user', [{ kind: 'text', id: 'prt_near', text: 'check the quokka now' }]),
    message('msg_2', 'user', [{ kind: 'text', id: 'prt_far', text: `${long}\nthen the wombat` }]),
    message('msg_3', 'assistant', [
      { kind: 'tool', id: 'prt_tool', tool: 'bash', status: 'completed', input: '', output: 'the numbat\n# not a heading' },
    ]),
  ]);
  const heads = new Set(doc.lines.values());
  const topOf = async (part: string, word: string) => {
    const line = doc.lines.get(part)!;
    const text = (await markedText(doc.text, line, partEnd(doc.lines, line), [word], heads))!;
    const at = text.indexOf('data-line="') + 'data-line="'.length;
    return { top: Number(text.slice(at, text.indexOf('"', at))), wordLine: text.split('\n').findIndex((l) => l.includes('<mark')) };
  };
  const near = await topOf('prt_near', 'quokka');
  assert.equal(near.top, doc.lines.get('msg_1'), 'the prompt heading');
  assert.ok(doc.text.split('\n')[near.top].startsWith('## Prompt'));
  const far = await topOf('prt_far', 'wombat');
  assert.equal(far.top, far.wordLine, 'the word, 40 lines below its heading');
  const tool = await topOf('prt_tool', 'numbat');
  assert.equal(tool.top, doc.lines.get('prt_tool'), "the tool's heading");
  assert.ok(doc.text.split('\n')[tool.top].startsWith('### Tool bash'));
});
