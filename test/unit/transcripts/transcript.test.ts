// Transcripts: both generations' messages read into one shape (2.x from a recorded answer of a real server; 1.x
// from the shapes its SDK types), text bounded, and the Markdown a transcript shows: in order, every kind of part,
// and the server's text inert whatever it holds (links, command URIs, HTML, fences, 10 MB).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { readV1Messages } from '../../../src/client/v1/transcript';
import { readV2TranscriptMessages } from '../../../src/client/v2/transcript';
import { escapedLine, proseLines } from '../../../src/features/transcripts/markdownText';
import { fenced, renderTranscript, span, TranscriptRender, type SessionLink } from '../../../src/features/transcripts/transcriptMarkdown';
import { heavyStep, ordinaryMessages } from '../../scale/readers/searchShapes';
import { TRANSCRIPT_FIELD_CAP, type TranscriptMessage } from '../../../src/store/transcript';
import { repoRoot } from '../../harness/paths';
import { createRequire } from 'node:module';

/** markdown-it as VS Code's Markdown preview sets it up (HTML and linkify on): what a transcript renders as. */
const preview = (markdown: string): string => {
  const markdownIt = createRequire(__filename)('markdown-it') as (options: object) => { render(text: string): string };
  return markdownIt({ html: true, linkify: true }).render(markdown);
};

const fixture = (name: string) =>
  JSON.parse(readFileSync(join(repoRoot(), 'test', 'fixtures', 'opencode2', name), 'utf8')) as { data: unknown[] };
const header = { title: 'T', server: 'laptop', directory: '/w', sessionId: 'ses_1' };
const HOSTILE =
  'see [run](command:workbench.action.quit) <img src=x onerror=alert(1)> $(zap) ``` \n```\nafter the fence https://example.com/a';

describe('reading transcripts', () => {
  test("OpenCode 2's messages: prompts, replies, tool calls with input, output and times, the sub-agent's session, steps", () => {
    const messages = readV2TranscriptMessages(fixture('messages-all.json').data, 'ses_x');
    assert.equal(messages.length, 12);
    // The page is newest first; a transcript reads oldest first.
    assert.deepEqual(
      messages.map((m) => m.role),
      [
        'user',
        'assistant',
        'user',
        'assistant',
        'assistant',
        'user',
        'assistant',
        'assistant',
        'user',
        'assistant',
        'assistant',
        'compaction',
      ],
    );
    assert.ok(
      messages.every((m, i) => i === 0 || messages[i - 1].created <= m.created),
      'oldest first',
    );
    const tools = messages.flatMap((m) => m.parts).filter((p) => p.kind === 'tool');
    const shell = tools.find((t) => t.kind === 'tool' && t.tool === 'shell');
    assert.ok(shell?.kind === 'tool' && shell.input.includes('echo hello') && shell.output?.startsWith('hello'));
    assert.ok(shell.start !== undefined && shell.end !== undefined && shell.end >= shell.start);
    const subagent = tools.find((t) => t.kind === 'tool' && t.tool === 'subagent');
    assert.ok(subagent?.kind === 'tool' && subagent.childSessionID?.startsWith('ses_'), 'the sub-agent call names its session');
    assert.ok(messages.some((m) => m.role === 'user' && m.parts.some((p) => p.kind === 'text' && p.text.startsWith('CALL_TOOL'))));
    assert.ok(
      messages.some((m) => m.role === 'compaction' && m.parts.length === 1),
      'the compaction with its summary',
    );
    const steps = messages.flatMap((m) => m.parts).filter((p) => p.kind === 'step');
    assert.equal(steps.length, messages.filter((m) => m.role === 'assistant').length, 'each assistant message is one step');
  });

  test("OpenCode 1.x's messages: parts by kind, a task's child, an error, a compaction; other sessions' and malformed skipped", async () => {
    const messages = await readV1Messages(
      [
        {
          info: {
            id: 'msg_2',
            sessionID: 's',
            role: 'assistant',
            time: { created: 2, completed: 3 },
            modelID: 'm',
            providerID: 'p',
            cost: 0.5,
          },
          parts: [
            { id: 'p1', type: 'reasoning', text: 'thinking' },
            { id: 'p2', type: 'text', text: 'x'.repeat(TRANSCRIPT_FIELD_CAP + 10) },
            {
              id: 'p3',
              type: 'tool',
              tool: 'task',
              state: {
                status: 'completed',
                input: { description: 'd' },
                output: 'ok',
                metadata: { sessionId: 'ses_child' },
                time: { start: 5, end: 9 },
              },
            },
            { id: 'p4', type: 'tool', tool: 'bash', state: { status: 'error', input: { command: 'false' }, error: 'exit 1' } },
            { id: 'p5', type: 'step-finish', tokens: { input: 1, output: 2, reasoning: 0, cache: { read: 0, write: 0 } }, cost: 0.5 },
            { type: 'text', text: 'no id' },
          ],
        },
        { info: { id: 'msg_1', sessionID: 's', role: 'user', time: { created: 1 } }, parts: [{ id: 'c', type: 'compaction', auto: true }] },
        { info: { id: 'msg_9', sessionID: 'other', role: 'user', time: { created: 1 } }, parts: [] },
        null,
        {
          info: {
            id: 'msg_3',
            sessionID: 's',
            role: 'assistant',
            time: { created: 4 },
            error: { name: 'APIError', data: { message: 'boom' } },
          },
        },
      ],
      's',
    );
    assert.deepEqual(
      messages.map((m) => m.id),
      ['msg_1', 'msg_2', 'msg_3'],
    );
    assert.equal(messages[0].role, 'compaction');
    assert.equal(messages[0].auto, true);
    const [reasoning, reply, task, failed, step] = messages[1].parts;
    assert.equal(reasoning.kind, 'reasoning');
    assert.ok(reply.kind === 'text' && reply.text.length === TRANSCRIPT_FIELD_CAP && reply.cut === 10, 'bounded, with what was cut');
    assert.ok(task.kind === 'tool' && task.childSessionID === 'ses_child' && task.end === 9);
    assert.ok(failed.kind === 'tool' && failed.status === 'error' && failed.error === 'exit 1');
    assert.ok(step.kind === 'step' && step.cost === 0.5);
    assert.equal(messages[1].parts.length, 5, 'a part without an id is skipped');
    assert.equal(messages[2].error, 'APIError: boom');
  });
});

describe('transcript Markdown', () => {
  const messages: TranscriptMessage[] = [
    { id: 'u', sessionID: 's', role: 'user', created: 1, parts: [{ kind: 'text', id: 'u1', text: HOSTILE }] },
    {
      id: 'a',
      sessionID: 's',
      role: 'assistant',
      created: 2,
      completed: 3,
      agent: 'build',
      modelID: 'alpha',
      providerID: 'scripted',
      parts: [
        { kind: 'reasoning', id: 'a0', text: 'hmm' },
        {
          kind: 'tool',
          id: 'a1',
          tool: 'bash`](command:x)',
          status: 'completed',
          input: '{"command":"ls"}',
          output: HOSTILE,
          start: 1_000,
          end: 3_500,
          childSessionID: 'ses_child',
        },
        { kind: 'step', id: 'a2', tokens: { input: 1_000, output: 20, reasoning: 0, cache: { read: 500, write: 0 } }, cost: 0.01 },
      ],
    },
    { id: 'c', sessionID: 's', role: 'compaction', created: 4, parts: [{ kind: 'text', id: 'c1', text: 'summary' }] },
  ];
  const time = (ms: number) => `t${ms}`;

  test('in order: the prompt, the reply with its model, the tool with status and duration, the step, the compaction', () => {
    const { text, lines, folds, children } = renderTranscript(header, messages, { formatTime: time });
    const order = ['## Prompt', '## Reply · build · scripted/alpha', 'Reasoning:', '### Tool', 'Step scripted/alpha:', '## Compaction'];
    let at = -1;
    for (const marker of order) {
      const next = text.indexOf(marker, at + 1);
      assert.ok(next > at, `${marker} after what comes before it:\n${text}`);
      at = next;
    }
    assert.match(text, /### Tool bash.* · completed · 2\.5 s/);
    assert.match(text, /1k in, 20 out, 500 cache read · \\\$0\.010/);
    const lineOf = (id: string) => text.split('\n')[lines.get(id)!];
    assert.match(lineOf('a1'), /^### Tool/);
    assert.match(lineOf('u'), /^## Prompt/);
    assert.equal(children.length, 1);
    assert.equal(children[0].sessionId, 'ses_child');
    assert.ok(folds.length >= 2, 'the reasoning and the output fold');
    for (const fold of folds) assert.match(text.split('\n')[fold], /^`{3,}text$/);
  });

  test('a call that waited for a permission answer: its run time without the wait, and the wait beside it', () => {
    const tool = (callID?: string): TranscriptMessage => ({
      id: 'w',
      sessionID: 's',
      role: 'assistant',
      created: 2,
      parts: [
        { kind: 'tool', id: 'w1', tool: 'bash', status: 'completed', input: '{}', start: 0, end: 409_000, ...(callID && { callID }) },
      ],
    });
    const waited = ({ messageID, callID }: { messageID: string; callID: string }) =>
      messageID === 'w' && callID === 'call_1' ? 406_900 : undefined;
    const line = (m: TranscriptMessage) =>
      renderTranscript(header, [m], { formatTime: time, waited })
        .text.split('\n')
        .find((l) => l.startsWith('### Tool'));
    assert.equal(line(tool('call_1')), '### Tool bash · completed · 2.1 s (waited 6m 46s for permission)');
    assert.equal(line(tool('call_2')), '### Tool bash · completed · 6m 49s', 'no wait known: the time as recorded');
    assert.equal(line(tool()), '### Tool bash · completed · 6m 49s');
  });

  test("the server's text never leaves its escapes, code spans or blocks: no link, image, HTML, entity or command", () => {
    const link: SessionLink = (id) => ({ title: HOSTILE, target: `opencode-transcript:/x.md?session=${id}` });
    const { text } = renderTranscript(
      { ...header, title: HOSTILE, parentId: 'ses_parent', descendants: [{ sessionId: 'ses_child', depth: 1 }] },
      messages,
      { formatTime: time, link },
    );
    // Remove every fenced block, code span and link of ours: what is left holds no unescaped Markdown of the server's.
    const ours = withoutCode(text).replace(/(?<!\\)\[((?:\\.|[^\\\]])*)\]\(<opencode-transcript:[^<>\s]*>\)/g, '$1');
    assert.deepEqual(unescaped(ours), [], `unescaped Markdown outside code:\n${ours}`);
    assert.ok(!/(?<!\\)<(img|script)/.test(ours), 'no HTML tag');
    assert.ok(text.includes('after the fence https&#58;//example\\.com/a'), 'the text is all there, as text');
  });

  test('headings are plain words, prose has no fence, one blank line between blocks, code keeps its fence', () => {
    const reply = 'First line\nsecond line\n\n\n\n- not a list\n1. nor this\n    nor code\n```ts\nconst s = "`````";\n```\nAfter.';
    const shown: TranscriptMessage[] = [
      { id: 'u', sessionID: 's', role: 'user', created: 1, parts: [{ kind: 'text', id: 'u1', text: 'Count the animals' }] },
      {
        id: 'a',
        sessionID: 's',
        role: 'assistant',
        created: 2,
        agent: 'build',
        modelID: 'alpha_1',
        providerID: 'scripted',
        parts: [
          { kind: 'text', id: 'a1', text: reply },
          { kind: 'tool', id: 'a2', tool: 'bash', status: 'completed', input: '{}', output: 'x ```` y' },
        ],
      },
    ];
    const { text, lines } = renderTranscript({ ...header, title: 'Fix `login` *now*' }, shown, { formatTime: time });
    const all = text.split('\n');
    for (const heading of all.filter((l) => l.startsWith('#'))) assert.ok(!/(^|[^\\])`/.test(heading), `no code span in ${heading}`);
    assert.equal(all[0], '# Fix \\`login\\` \\*now\\*');
    assert.ok(all.includes('## Reply · build · scripted/alpha\\_1 · t2'), text);
    assert.ok(!text.includes('\n\n\n'), `no doubled blank line:\n${text}`);
    // The prompt and the reply are paragraphs, not code: right after their part's line, not in a fence.
    assert.equal(all[lines.get('u1')!], 'Count the animals');
    assert.deepEqual(all.slice(lines.get('a1'), lines.get('a1')! + 7), [
      'First line\\',
      'second line',
      '',
      '\\- not a list\\',
      '1\\. nor this\\',
      '\u00a0\u00a0\u00a0\u00a0nor code',
      '',
    ]);
    // The model's own code block is code, in a fence longer than the backticks inside it; so is a tool's output.
    const code = all.indexOf('const s = "`````";');
    assert.equal(all[code - 1], '``````ts');
    assert.equal(all[code + 1], '``````');
    assert.ok(all.includes('`````text') && all.includes('x ```` y'), 'the output fenced past its own backticks');
  });

  test('every descendant, at any depth, linked by its title; the parent too; a title with no target named, not linked', () => {
    const titles: Record<string, string> = { ses_c: 'Child', ses_g: 'Grand [x](command:quit)', ses_p: 'Parent' };
    const link: SessionLink = (id) => ({
      title: titles[id] ?? id,
      target: id === 'ses_gone' ? undefined : `opencode-transcript:/t.md?session=${id}`,
    });
    const { text, children } = renderTranscript(
      {
        ...header,
        parentId: 'ses_p',
        descendants: [
          { sessionId: 'ses_c', depth: 1 },
          { sessionId: 'ses_g', depth: 2 },
          { sessionId: 'ses_gone', depth: 1 },
        ],
      },
      [],
      { formatTime: time, link },
    );
    const all = text.split('\n');
    const lineOf = (id: string) => all[children.find((c) => c.sessionId === id)!.line];
    assert.equal(lineOf('ses_p'), 'Sub-agent of [Parent](<opencode-transcript:/t.md?session=ses_p>)');
    assert.equal(lineOf('ses_c'), '- [Child](<opencode-transcript:/t.md?session=ses_c>)');
    assert.equal(lineOf('ses_g'), '  - [Grand \\[x\\](command:quit)](<opencode-transcript:/t.md?session=ses_g>)');
    assert.equal(lineOf('ses_gone'), '- ses\\_gone');
  });

  test('bare URLs, www. names, e-mail addresses and domains stay text in the preview (its linkify on)', () => {
    const bare = 'see https://example.com/a?b=c, WWW.example.org, mailto:me@example.net, a@b.cd, //cdn.example.io and README.md';
    const { text } = renderTranscript(
      { ...header, title: bare },
      [
        {
          id: 'm',
          sessionID: 's',
          role: 'assistant',
          created: 1,
          parts: [{ kind: 'text', id: 'p', text: `${bare}\n  ${bare}\nv1.2 costs $3.50: ok` }],
        },
      ],
      { formatTime: time },
    );
    // VS Code's Markdown preview is markdown-it with HTML and linkify on.
    const html = preview(text);
    assert.ok(!html.includes('<a'), `no link:\n${html}`);
    const shown = html.replace(/<[^>]*>/g, '').replace(/&amp;/g, '&');
    assert.equal(shown.split(bare).length - 1, 3, `the title and both lines read as written:\n${shown}`);
    assert.ok(shown.includes('v1.2 costs $3.50: ok'), shown);
    // One pass: a line of a million dots and at-signs is escaped in one go.
    assert.equal(escapedLine('a.b@'.repeat(250_000), 1_000_000).length, 250_000 * 9);
  });

  test('fences and spans are longer than any backtick run in what they hold', () => {
    assert.deepEqual(fenced('a\n````\nb'), ['`````text', 'a', '````', 'b', '`````']);
    assert.equal(span('a `` b\nc'), '``` a `` b c ```');
    assert.deepEqual(proseLines('```\na ```` b\n```', fenced), ['`````text', 'a ```` b', '`````']);
  });

  test('a line of server text escaped: HTML, entities, links, images, math, emphasis, a list at its start', () => {
    assert.equal(
      escapedLine('<b>&amp; [a](b) ![i](j) $x$ *e* _u_ # | ~'),
      '\\<b\\>\\&amp; \\[a\\](b) !\\[i\\](j) \\$x\\$ \\*e\\* \\_u\\_ \\# \\| \\~',
    );
    assert.equal(escapedLine('- a\nb'), '\\- a b');
    assert.equal(escapedLine('12) x'), '12\\) x');
  });

  test('every inline mark escaped as the one-pattern rule says, on random lines of marks, letters and astral text', () => {
    // The rule as one pattern (what the loop in markdownText.ts does by hand, a character at a time).
    const rule = (line: string) =>
      line.replace(/[\\`*_[\]<>&|~$#@]|:(?=\/\/)|\.(?=\p{L})/gu, (c) => (c === ':' ? '&#58;' : c === '@' ? '&#64;' : `\\${c}`));
    const alphabet = [...'\\`*_[]<>&|~$#@:./aZ 1é', 'İ', '😀', '𝐀', '\ud800', '\udc00'];
    let seed = 11;
    const next = () => (seed = (seed * 48_271) % 2_147_483_647);
    for (let k = 0; k < 2_000; k++) {
      const line = Array.from({ length: next() % 12 }, () => alphabet[next() % alphabet.length]).join('');
      // escapedLine keeps the first 300 characters and escapes a list mark at the start: neither in these lines.
      const start = line.length && '-+=>0123456789'.includes(line[0]) ? 'x' : '';
      assert.equal(escapedLine(start + line), rule(start + line), JSON.stringify(line));
    }
  });
});

/** Where a character that starts Markdown of the server's (HTML, an entity, a link, math) stands unescaped. */
/** The entities the escapes write where a backslash would not stop the preview's linkify. */
const OUR_ENTITY = /^&#(58|64);/;

function unescaped(text: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (OUR_ENTITY.test(text.slice(i, i + 5))) i += 4;
    else if ('<>[]&$'.includes(text[i])) found.push(text.slice(Math.max(0, i - 20), i + 20));
  }
  return found;
}

/** The text with fenced blocks and code spans taken out (CommonMark: a fence closes on a line of at least its length). */
function withoutCode(text: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of text.split('\n')) {
    if (fence) {
      if (line.startsWith(fence) && /^`+$/.test(line.trim())) fence = undefined;
      continue;
    }
    const open = /^(`{3,})/.exec(line);
    if (open) {
      fence = open[1];
      continue;
    }
    out.push(line.replace(/(?<![\\`])(`+) .*? \1/g, ''));
  }
  return out.join('\n');
}

describe('a transcript kept rendered (TranscriptRender)', () => {
  const header = { title: 'T', server: 'local', directory: '/w', sessionId: 'ses_a' };
  const time = (ms: number) => String(ms);
  const fresh = (messages: TranscriptMessage[], options = {}) => renderTranscript(header, messages, { formatTime: time, ...options });
  const same = (a: ReturnType<typeof fresh>, b: ReturnType<typeof fresh>) => {
    assert.equal(a.text, b.text);
    assert.deepEqual([...a.lines].sort(), [...b.lines].sort());
    assert.deepEqual(a.folds, b.folds);
    assert.deepEqual(a.children, b.children);
  };

  test('as it moves (a step added, the newest read again, older pages before, the header grown) it is what a fresh render gives', async () => {
    const render = new TranscriptRender(time);
    const yieldTo = () => Promise.resolve();
    let messages = ordinaryMessages('ses_a', 40);
    same(await render.update(header, messages, {}, yieldTo), fresh(messages));
    messages = [...messages, heavyStep('ses_a', 1)];
    same(await render.update(header, messages, {}, yieldTo), fresh(messages));
    // The newest read again: new objects for the last few.
    messages = [...messages.slice(0, -3), ...messages.slice(-3).map((m) => ({ ...m, error: 'failed' }))];
    same(await render.update(header, messages, {}, yieldTo), fresh(messages));
    // Older pages read: messages before the first.
    messages = [...ordinaryMessages('ses_a', 5, 1), ...messages];
    same(await render.update(header, messages, { earlier: 1 }, yieldTo), fresh(messages, { earlier: 1 }));
    const grown = { ...header, parentId: 'ses_parent', cost: 1 };
    assert.equal(render.renderNow(grown, messages, {}).text, renderTranscript(grown, messages, { formatTime: time }).text);
    same(render.renderNow(header, [], {}), fresh([]));
  });
});
