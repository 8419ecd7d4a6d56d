// The heading a part is under, for the preview to start at: the ATX headings down to the part's line, the nearest
// last, none from inside a fenced block (a tool's output may start lines with `#`); and the id the Markdown
// extension gave the last heading it rendered, as the fragment that names it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { headingsUpTo, lastHeadingId, sameSlugCandidates } from '../../../src/features/transcripts/headingAnchor';
import { renderTranscript } from '../../../src/features/transcripts/transcriptMarkdown';

test('headings down to a line, fenced lines skipped', async () => {
  const text = [
    '# Title',
    '',
    '## You · 10:00',
    '',
    'Hello',
    '',
    '````text',
    '# a comment',
    '```',
    '## not either',
    '````',
    '### Tool bash',
    'after',
  ].join('\n');
  assert.deepEqual(await headingsUpTo(text, 4), ['# Title', '## You · 10:00']);
  assert.deepEqual(await headingsUpTo(text, 12), ['# Title', '## You · 10:00', '### Tool bash']);
  assert.deepEqual(await headingsUpTo('#hashtag\n####### seven\n#', 5), ['#'], 'a # then a space, one to six of them');
});

test("a rendered transcript: the part's line is under its message's heading", async () => {
  const created = Date.UTC(2026, 0, 1);
  const rendered = renderTranscript({ title: 'T', server: 's', directory: '/w', sessionId: 'ses_1' }, [
    {
      id: 'msg_1',
      sessionID: 'ses_1',
      role: 'user',
      created,
      completed: created,
      parts: [{ kind: 'text', id: 'prt_1', text: '# not a heading\nhi' }],
    },
    {
      id: 'msg_2',
      sessionID: 'ses_1',
      role: 'user',
      created,
      completed: created,
      parts: [{ kind: 'text', id: 'prt_2', text: 'the second' }],
    },
  ]);
  const headings = await headingsUpTo(rendered.text, rendered.lines.get('prt_2')!);
  assert.equal(headings.filter((h) => h.startsWith('## ')).length, 2, JSON.stringify(headings));
  assert.ok(!headings.some((h) => h.includes('not a heading')), 'the prompt\'s "#" is text');
});

test('the last heading id of rendered HTML, decoded', () => {
  assert.equal(lastHeadingId('<h1 data-line="0" class="code-line" id="title">T</h1>\n<h2 id="you-1000-1">You</h2>'), 'you-1000-1');
  assert.equal(lastHeadingId('<h2 id="%E6%97%A5">日</h2>'), '日');
  assert.equal(lastHeadingId('<p>no heading</p>'), undefined);
  assert.equal(lastHeadingId('<h2>no id</h2> id="x"'), undefined);
});

test("only the headings that may share the last one's slug are rendered: the same letters and digits, case aside", async () => {
  const headings = ['# Title', '### Tool bash · completed', '## You · 10:00', '### tool BASH completed!', '### Tool bash · completed'];
  assert.deepEqual(await sameSlugCandidates(headings), [
    '### Tool bash · completed',
    '### tool BASH completed!',
    '### Tool bash · completed',
  ]);
  assert.deepEqual(await sameSlugCandidates(['## 日本 · 1', '## 日 · 1', '## 日本 1']), ['## 日本 · 1', '## 日本 1']);
  assert.deepEqual(await sameSlugCandidates([]), []);
});
