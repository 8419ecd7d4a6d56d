// The search readers of the scale registry (../registry.ts): the words of what sessions said (terms), the content
// index's add, query, save and load, the texts on disk, the indexer that reads a server's message pages, the
// transcript's rendering, and the attention marks kept of a server's session ids.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerConnection } from '../../../src/client/serverConnection';
import { V1Api } from '../../../src/client/v1/api';
import { ContentIndex } from '../../../src/features/search/common/contentIndex';
import { DiskTexts, fileStemOf } from '../../../src/features/search/node/diskTexts';
import { INDEX_VERSION, loadIndexFile, saveIndexFile } from '../../../src/features/search/node/indexFile';
import { ServerIndexer } from '../../../src/features/search/node/serverIndexer';
import { distinctTerms, queryTerms } from '../../../src/features/search/common/terms';
import { titleMatches } from '../../../src/features/search/common/titleMatches';
import { markedText } from '../../../src/features/transcripts/matchAnchor';
import { MemoryTexts } from '../../../src/features/search/common/textStore';
import { createHash } from 'node:crypto';
import { subAgentsOf } from '../../../src/features/transcripts/subAgents';
import { renderMatchedPart } from '../../../src/features/transcripts/matchedPart';
import { matchedWord } from '../../../src/features/transcripts/matchedWord';
import {
  partEnd,
  renderTranscript,
  standaloneText,
  TranscriptRender,
  type RenderedTranscript,
} from '../../../src/features/transcripts/transcriptMarkdown';
import { TranscriptMessages } from '../../../src/features/transcripts/transcriptMessages';
import { MarkBook, rootAttention, rootOf } from '../../../src/store/attention';
import { SessionStore } from '../../../src/store/sessionStore';
import type { TranscriptMessage } from '../../../src/store/transcript';
import { reader, type Reader, type Shape } from '../reader';
import {
  collidingMessage,
  collidingWords,
  heavyStep,
  nextId,
  ordinaryMessages,
  prose,
  realisticStep,
  standIn,
  wideId,
  type StandIn,
} from './searchShapes';
import { engineScript } from '../../harness/paths';
import { EngineClient } from '../../../src/features/search/node/engine/engineClient';
import type { PageResult } from '../../../src/features/search/common/engine/protocol';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

const meta = (id: string) => ({ id, title: 't', directory: '/w', updated: 0 });

/** A folder of its own under the system's temporary folder, removed at teardown. */
const scratch = () => mkdtempSync(join(tmpdir(), 'ocs-scale-search-'));

/** An index of `sessions` sessions of `messages` ordinary messages each. */
function indexOf(sessions: number, messages: number): ContentIndex {
  const index = new ContentIndex(new MemoryTexts());
  for (let s = 0; s < sessions; s++) {
    const id = nextId('ses');
    index.addMessages(meta(id), ordinaryMessages(id, messages));
  }
  return index;
}

const terms: Reader<unknown, unknown> = reader<string>({
  name: 'terms of a text (distinctTerms)',
  covers: ['src/features/search/common/terms.ts#distinctTerms', 'src/features/search/common/terms.ts#TermSet'],
  read: (text) => distinctTerms(text),
  shapes: [
    { name: 'n words of prose', make: (n) => prose(n) },
    { name: 'n distinct words sharing one FNV-1a slot', make: (n) => collidingWords(n).join(' '), worst: true },
    { name: 'a run of n Han characters', make: (n) => '中文字符'.repeat(Math.ceil(n / 4)), worst: true },
  ],
  check: (answer) => assert.ok(Array.isArray(answer) && answer.length > 0, 'terms of the text'),
});

/** Sessions' titles, a server's, matched by the words typed in the search pick. */
const titleSearch: Reader<unknown, unknown> = reader<string[]>({
  name: 'session titles matched by a query (titleMatches)',
  covers: ['src/features/search/common/titleMatches.ts#titleMatches', 'src/features/search/common/titleMatches.ts#titleHolds'],
  n: 2_000,
  read: (titles) => titleMatches(titles, queryTerms('flak run'), Infinity, { titleOf: (t) => t }),
  shapes: [
    { name: 'n ordinary titles', make: (n) => Array.from({ length: n }, (_, i) => `${i % 10 ? 'steady' : 'flaky'} run ${i}`) },
    {
      name: 'n titles of 100 KB of words sharing one FNV-1a slot',
      make: (n) => {
        const long = `flaky run ${collidingWords(20_000).join(' ')}`.slice(0, 100_000);
        return Array.from({ length: n }, () => long);
      },
      worst: true,
    },
    {
      name: 'n titles of 100 KB without a space',
      make: (n) => Array.from({ length: n }, () => 'flaky run '.concat('x'.repeat(100_000))),
      worst: true,
    },
  ],
  check: (answer) => assert.ok(Array.isArray(answer) && answer.length > 0, 'the flaky runs found'),
});

/** The transcript at a match: the matched word marked in the part's lines, read from the text's start (matchAnchor.ts). */
const matchAnchor: Reader<unknown, unknown> = reader<{ text: string; from: number; to: number }>({
  name: 'the matched word marked in a transcript (markedText)',
  covers: ['src/features/transcripts/matchAnchor.ts#markedText', 'src/features/transcripts/markdownText.ts#fenceOf'],
  // Line 0 may be the part's heading: how far the word is below it is measured too.
  read: ({ text, from, to }) => markedText(text, from, to, ['quok', 'quokka'], new Set([0])),
  shapes: [
    {
      name: 'n messages of a heading and a fenced output, the word in the last line',
      make: (n) => {
        const text = `${Array.from({ length: n }, (_, i) => `## You · ${i}\n\nStep ${i}\n\n\`\`\`\`text\n# not a heading\n\`\`\`\`\n`).join('\n')}\nthe quokkas\n`;
        return { text, from: 0, to: Infinity };
      },
    },
    {
      name: 'n lines in a fence never closed, of backticks, tildes and markup, the word in the last',
      make: (n) => ({
        text: `## Start\n\`\`\`\n${Array.from({ length: n }, (_, i) => ['<b>&', '``', '~~~~', '# x'][i % 4]).join('\n')}\nquokkas\n`,
        from: 0,
        to: Infinity,
      }),
      worst: true,
    },
    {
      name: 'one line of n×10 characters of code spans, entities and links before the word',
      make: (n) => ({ text: `${'`a` &#64; [x](<y>) '.repeat(Math.ceil(n / 2))}\\\` quokka`, from: 0, to: 1 }),
      worst: true,
    },
    {
      name: 'n lines above the part, none of them the word',
      make: (n) => ({ text: `${'the cat sat\n'.repeat(n * 10)}quokka\n`, from: n * 10, to: n * 10 + 1 }),
    },
  ],
  check: (answer) => assert.ok(typeof answer === 'string' && answer.includes('<mark id='), 'the word marked'),
});

const indexAdd: Reader<unknown, unknown> = reader<TranscriptMessage[]>({
  name: 'content index: a page of messages added (ContentIndex.addMessages)',
  covers: [
    'src/features/search/common/contentIndex.ts#ContentIndex',
    'src/features/search/common/indexDocuments.ts#IndexDocuments',
    'src/features/search/common/entries.ts#messageDone',
    'src/features/search/common/entries.ts#entryOfPart',
    'src/features/search/common/docTable.ts#DocTable',
    'src/features/search/common/textStore.ts#MemoryTexts',
  ],
  // An item is a message of about 300 characters (an ordinary one), or as many characters of a big one.
  n: 1_000,
  read: async (messages) => {
    const index = new ContentIndex(new MemoryTexts());
    await index.addPage(meta(messages[0].sessionID), messages, { yieldTo: nextTurn });
    return index;
  },
  shapes: [
    { name: 'n ordinary messages', make: (n) => ordinaryMessages('ses_a', n) },
    { name: 'one message of n×300 characters of colliding words', make: (n) => [collidingMessage('ses_a', n * 300)], worst: true },
    {
      name: 'a page of n/100 heavy steps',
      make: (n) => Array.from({ length: Math.max(1, n / 100) }, (_, i) => heavyStep('ses_a', i)),
      worst: true,
    },
  ],
  check: (answer) => assert.ok(answer instanceof ContentIndex && answer.documentCount > 0 && answer.bytes > 0, 'the messages indexed'),
});

const indexQuery: Reader<unknown, unknown> = reader<ContentIndex>({
  name: 'content index: a query (ContentIndex.search)',
  covers: [
    'src/features/search/common/contentIndex.ts#ContentIndex',
    'src/features/search/common/newestDocs.ts#NewestDocs',
    'src/features/search/common/queryTexts.ts#ReadAhead',
    'src/features/search/common/queryTexts.ts#LoweredTexts',
  ],
  read: (index) => index.search({ text: 'retry policy', limit: 50 }),
  shapes: [
    { name: 'n sessions of 2 messages, every one a match', make: (n) => indexOf(n, 2) },
    { name: 'one session of n messages, every one a match', make: (n) => indexOf(1, n), worst: true },
  ],
  check: (answer) => assert.ok(Array.isArray(answer) && answer.length > 0, 'the matches'),
});

/**
 * One session whose messages say n distinct words that all begin `addr`, 500 words a message (no entry's cap);
 * `end` ends each word (`zz`: none is `address`).
 */
function beginningsOf(n: number, end = '', index = new ContentIndex(new MemoryTexts())): ContentIndex {
  const id = nextId('ses');
  const messages: TranscriptMessage[] = [];
  for (let from = 0; from < n; from += 500) {
    const words = Array.from({ length: Math.min(500, n - from) }, (_, i) => `addr${(from + i).toString(36)}${end}`).join(' ');
    messages.push({
      id: nextId('msg'),
      sessionID: id,
      role: 'user',
      created: from,
      parts: [{ kind: 'text', id: nextId('prt'), text: words }],
    });
  }
  index.addMessages(meta(id), messages);
  return index;
}

/** The session that says the real word, `address`, after (or before) one saying n junk words of its beginning. */
const REAL = 'the address book';

function junkAndRealOf(n: number, order: 'junk first' | 'real first', dropJunk: boolean): ContentIndex {
  const index = new ContentIndex(new MemoryTexts());
  const real = () => {
    const id = nextId('ses');
    index.addMessages(meta(id), [
      { id: nextId('msg'), sessionID: id, role: 'user', created: 0, parts: [{ kind: 'text', id: nextId('prt'), text: REAL }] },
    ]);
  };
  if (order === 'real first') real();
  beginningsOf(n, 'zz', index);
  if (order === 'junk first') real();
  if (dropJunk) for (const session of [...index.sessions()]) if (session.bytes > REAL.length) index.drop(session.id);
  return index;
}

/** n sessions, each saying a word of its own that begins `addr`, and `retry`. */
function sessionBeginningsOf(n: number): ContentIndex {
  const index = new ContentIndex(new MemoryTexts());
  for (let i = 0; i < n; i++) {
    const id = nextId('ses');
    const text = `retry addr${i.toString(36)}`;
    index.addMessages(meta(id), [
      { id: nextId('msg'), sessionID: id, role: 'user', created: i, parts: [{ kind: 'text', id: nextId('prt'), text }] },
    ]);
  }
  return index;
}

/** n messages saying `ad` inside 100 words (`bad`), then once as a whole word in an id: the snippet looks past each. */
function lettersInWordsOf(n: number, text = `${'bad '.repeat(100)}XqAdQ7`): ContentIndex {
  const index = new ContentIndex(new MemoryTexts());
  const id = nextId('ses');
  const messages = Array.from({ length: n }, (_, i) => ({
    id: nextId('msg'),
    sessionID: id,
    role: 'user' as const,
    created: i,
    parts: [{ kind: 'text' as const, id: nextId('prt'), text }],
  }));
  index.addMessages(meta(id), messages);
  return index;
}

const indexPrefixQuery: Reader<unknown, unknown> = reader<{ index: ContentIndex; text: string }>({
  name: "content index: a query whose last word is a word's beginning (ContentIndex.search, Vocabulary.expand)",
  covers: [
    'src/features/search/common/contentIndex.ts#ContentIndex',
    'src/features/search/common/vocabulary.ts#Vocabulary',
    'src/features/search/common/terms.ts#beginningKey',
    'src/features/search/common/terms.ts#expandable',
    'src/features/search/common/terms.ts#endsTerm',
    'src/features/search/common/terms.ts#startsTerm',
    'src/features/search/common/terms.ts#inLongWord',
  ],
  read: ({ index, text }) => index.search({ text, limit: 50 }),
  shapes: [
    { name: 'n sessions of 2 messages, every one a match of "retry pol"', make: (n) => ({ index: indexOf(n, 2), text: 'retry pol' }) },
    { name: 'n distinct words of one beginning in one session', make: (n) => ({ index: beginningsOf(n), text: 'addr' }), worst: true },
    {
      name: 'n sessions each saying a word of its own of one beginning',
      make: (n) => ({ index: sessionBeginningsOf(n), text: 'retry addr' }),
      worst: true,
    },
    {
      name: 'n distinct junk words of one beginning in one session, then the real word in another',
      make: (n) => ({ index: junkAndRealOf(n, 'junk first', false), text: 'addr' }),
      worst: true,
    },
    {
      name: 'the real word in one session, then n distinct junk words of its beginning in another',
      make: (n) => ({ index: junkAndRealOf(n, 'real first', false), text: 'addr' }),
      worst: true,
    },
    {
      name: 'n messages of two letters inside 100 words, then once as a whole word',
      make: (n) => ({ index: lettersInWordsOf(n), text: 'ad' }),
      worst: true,
    },
    {
      // A word over 48 letters is no term: each place the query's letters occur in it is looked at (inLongWord).
      name: 'n messages of a word of 60 letters beyond ASCII full of the query, then the query as a word',
      make: (n) => ({ index: lettersInWordsOf(n, `${'ж'.repeat(60)} жжж`), text: 'жжж' }),
      worst: true,
    },
    {
      name: 'n distinct junk words of one beginning in one session, then the real word in another, junk dropped',
      make: (n) => ({ index: junkAndRealOf(n, 'junk first', true), text: 'addr' }),
      worst: true,
    },
  ],
  check: (answer, _n, shape) => {
    assert.ok(Array.isArray(answer) && answer.length > 0, 'the matches');
    if (shape.includes('real word'))
      assert.ok(
        (answer as Array<{ entry: { text: string } }>).some((hit) => hit.entry.text === REAL),
        'the real word found among the junk',
      );
  },
});

interface SaveInput {
  folder: string;
  index: ContentIndex;
}

const indexSaveLoad: Reader<unknown, unknown> = reader<SaveInput, { root: string }>({
  name: 'content index: saved and loaded (saveIndexFile, loadIndexFile, restore)',
  covers: [
    'src/features/search/node/indexFile.ts#saveIndexFile',
    'src/features/search/node/indexFile.ts#loadIndexFile',
    'src/features/search/common/savedIndex.ts#IndexLoader',
    'src/features/search/common/savedIndex.ts#SavedIndex',
  ],
  // An item is a session of 4 messages.
  n: 1_000,
  setup: () => ({ root: scratch() }),
  teardown: ({ root }) => rmSync(root, { recursive: true, force: true }),
  read: async ({ folder, index }) => {
    const lines = (function* () {
      yield JSON.stringify({ version: INDEX_VERSION });
      yield* index.savedLines();
    })();
    await saveIndexFile(folder, lines);
    const loader = ContentIndex.loader(index.texts);
    const saved = await loadIndexFile(
      folder,
      () => true,
      (line) => loader.line(line),
    );
    assert.equal(saved, 'loaded', 'the saved index loads');
    return loader.finish().search({ text: 'retry policy' });
  },
  shapes: [
    {
      name: 'n sessions of 4 messages',
      make: (n, { root }) => ({ folder: join(root, nextId('f')), index: indexOf(n, 4) }),
    },
  ],
  check: (answer) => assert.ok(Array.isArray(answer) && answer.length > 0, 'the loaded index answers'),
});

/** Folders of n files, made once per size (a file is cheap to make, 100 000 are not); a probe session's in each. */
interface FilesContext {
  root: string;
  folders: Map<number, string>;
}

const PROBE = 'ses_probe';
/** A chunk file of some other session, as the store names them. */
const fileOfNumber = (i: number) => `${i.toString(16).padStart(32, '0')}.${i % 7}`;
const PROBE_CHUNKS = 3;

const diskTextsStart: Reader<unknown, unknown> = reader<string, FilesContext>({
  name: 'texts on disk: opened on a folder of n files (DiskTexts)',
  covers: ['src/features/search/node/diskTexts.ts#DiskTexts'],
  setup: () => ({ root: scratch(), folders: new Map() }),
  teardown: ({ root }) => rmSync(root, { recursive: true, force: true }),
  // The product's open, then a drop of the probe session: its files go only if the open counted its chunks.
  read: async (folder) => {
    const texts = await DiskTexts.open(folder);
    texts.drop(PROBE);
    await texts.flush();
    let probeLeft = 0;
    for (let chunk = 0; chunk < PROBE_CHUNKS; chunk++) if (existsSync(join(folder, `${fileStemOf(PROBE)}.${chunk}`))) probeLeft++;
    return { probeLeft, othersKept: existsSync(join(folder, fileOfNumber(0))) };
  },
  shapes: [
    {
      name: 'n text files',
      make: (n, context) => {
        let folder = context.folders.get(n);
        if (!folder) {
          folder = join(context.root, `files-${n}`);
          mkdirSync(folder);
          for (let i = 0; i < n; i++) writeFileSync(join(folder, fileOfNumber(i)), '');
          context.folders.set(n, folder);
        }
        // Dropped by the run before.
        for (let chunk = 0; chunk < PROBE_CHUNKS; chunk++) writeFileSync(join(folder, `${fileStemOf(PROBE)}.${chunk}`), '');
        return folder;
      },
      worst: true,
    },
  ],
  check: (answer) => {
    const { probeLeft, othersKept } = answer as { probeLeft: number; othersKept: boolean };
    assert.equal(probeLeft, 0, "the probe session's chunks counted from the names, and dropped");
    assert.ok(othersKept, "the other sessions' files kept");
  },
});

interface IdsInput {
  folder: string;
  ids: string[];
}

const diskTextsIds: Reader<unknown, unknown> = reader<IdsInput, { root: string }>({
  name: 'texts on disk: sessions of long non-ASCII ids written and read back (DiskTexts)',
  covers: ['src/features/search/node/diskTexts.ts#DiskTexts', 'src/features/search/node/diskTexts.ts#fileStemOf'],
  // An item is a session whose id is 10 KB of non-ASCII characters.
  n: 100,
  setup: () => ({ root: scratch() }),
  teardown: ({ root }) => rmSync(root, { recursive: true, force: true }),
  read: async ({ folder, ids }) => {
    const texts = await DiskTexts.open(folder);
    ids.forEach((id, i) => texts.append(id, 0, [{ part: `p${i}`, kind: 1, text: `said ${i}` }]));
    await texts.flush();
    const again = await DiskTexts.open(folder);
    const wrong = ids.filter((id, i) => again.read(id, 0, 1)[0]?.text !== `said ${i}`).length;
    let longest = 0;
    for (const name of readdirSync(folder)) longest = Math.max(longest, Buffer.byteLength(name));
    return { wrong, longest };
  },
  shapes: [
    {
      name: 'n sessions of 10 KB non-ASCII ids sharing their first 100 characters',
      make: (n, { root }) => ({
        folder: join(root, nextId('f')),
        ids: Array.from({ length: n }, (_, i) => wideId(0, 10_240 - 8) + String(i).padStart(8, '0')),
      }),
      worst: true,
    },
  ],
  check: (answer) => {
    const { wrong, longest } = answer as { wrong: number; longest: number };
    assert.equal(wrong, 0, 'every session reads back its own text');
    assert.ok(longest <= 255, `file names of at most 255 bytes (${longest})`);
  },
});

const transcriptRender: Reader<unknown, unknown> = reader<TranscriptMessage[]>({
  name: 'transcript rendered as Markdown, as a document renders it (renderTranscript’s blocks)',
  covers: [
    'src/features/transcripts/transcriptMarkdown.ts#span',
    'src/features/transcripts/transcriptMarkdown.ts#fenced',
    'src/features/transcripts/markdownText.ts#proseLines',
    'src/features/transcripts/markdownText.ts#escapedLine',
    'src/features/transcripts/markdownText.ts#ownLink',
  ],
  // An item is a step of about 300 characters.
  n: 500,
  // As a transcript document renders it: a slice of messages at a time, the host's turn given back between them.
  read: async (messages) => ({
    text: (await new TranscriptRender().update({ title: 't', server: 's', directory: '/w', sessionId: 'ses_a' }, messages, {}, nextTurn))
      .text,
  }),
  shapes: [
    { name: 'n messages', make: (n) => ordinaryMessages('ses_a', n) },
    {
      name: 'a tool output of n backtick runs',
      make: (n) => {
        const [message] = ordinaryMessages('ses_a', 2).slice(1);
        const tool = message.parts[1] as Extract<TranscriptMessage['parts'][number], { kind: 'tool' }>;
        tool.output = '`a'.repeat(n * 10);
        return [message];
      },
      worst: true,
    },
    // A reply is escaped prose: its fences re-fenced, its lines escaped one at a time.
    { name: 'a reply of n fences', make: (n) => [reply('```\n'.repeat(n * 20))] },
    { name: 'a reply of a fence left open over n lines', make: (n) => [reply(`\`\`\`\`js\n${'``` not a close\n'.repeat(n * 20)}`)] },
    { name: 'a reply of n list marks, blank lines and escapes', make: (n) => [reply('- *a* [b](c) <d>\n\n\n\t1. e\n'.repeat(n * 10))] },
  ],
  check: (answer) => assert.ok(typeof (answer as { text?: unknown }).text === 'string', 'a document'),
});

function reply(text: string): TranscriptMessage {
  return { id: 'msg_r', sessionID: 'ses_a', role: 'assistant', created: 1, parts: [{ kind: 'text', id: 'prt_r', text }] };
}

interface Followed {
  render: TranscriptRender;
  messages: TranscriptMessages;
  /** What each move reads, in order: the newest messages again (new objects), and any more. */
  moves: TranscriptMessage[][];
  /** After the moves, the text is read as VS Code reads it when told of the change, ending in this. */
  readUpTo?: string;
}

const header = { title: 't', server: 's', directory: '/w', sessionId: 'ses_a' };

const transcriptFollowed: Reader<unknown, unknown> = reader<Followed>({
  name: 'transcript kept rendered as a working session moves (TranscriptMessages, TranscriptRender)',
  covers: [
    'src/features/transcripts/transcriptMarkdown.ts#TranscriptRender',
    'src/features/transcripts/transcriptMarkdown.ts#partEnd',
    'src/features/transcripts/transcriptMessages.ts#TranscriptMessages',
  ],
  // An item is a step of about 300 characters: 10n is the issue's 5 000-step session.
  n: 500,
  read: async ({ render, messages, moves, readUpTo }) => {
    // Followed moves: what was read merged (compared with what is held), rendered from the first that changed, then
    // the part a search result opens (and the text, where VS Code reads it).
    let rendered!: RenderedTranscript;
    for (const read of moves) {
      messages.merge(read);
      rendered = await render.update(header, messages.all, {}, nextTurn, messages.takeChanged());
      // Moves come apart (a follow's timer each).
      await nextTurn();
    }
    const all = messages.all;
    const line = rendered.lines.get(all[all.length - 2].id)!;
    // Where the newest text is: found from the end, as the text VS Code is given (one whole string) is read.
    const newest = readUpTo === undefined ? 1 : rendered.text.lastIndexOf(readUpTo);
    return { rendered, end: partEnd(rendered.lines, line), newest };
  },
  shapes: [
    {
      name: 'a session of n steps, followed: the newest 20 read again, one step more',
      make: (n) =>
        followed(ordinaryMessages('ses_a', n), (all) => [
          [...all.slice(-20).map((m) => structuredClone(m)), ...ordinaryMessages('ses_a', 1, 1e9)],
        ]),
      worst: true,
    },
    {
      name: 'a session of n steps, its n older ones read last (an older page)',
      make: (n) => followed(ordinaryMessages('ses_a', n), () => [ordinaryMessages('ses_a', n, -1e9)]),
      worst: true,
    },
    {
      // As a session works its newest step changes at each move: each such move copied the whole document (issue 75:
      // 400-440 ms at 5 000 steps), so following a session as it grows was quadratic. Then VS Code, told of the
      // change, reads the text.
      name: 'a working session of n steps of 7.7 KB, followed as its last n/50 came: each added, then changed; then the text read',
      make: (n) => {
        const steps = Array.from({ length: n }, (_, i) => realisticStep('ses_a', i));
        const changed = (step: TranscriptMessage, i: number): TranscriptMessage => ({
          ...structuredClone(step),
          parts: realisticStep('ses_a', i, `moved ${i}`).parts.map((part, j) => ({ ...part, id: step.parts[j].id })),
        });
        const grown = Math.max(1, n / 50);
        const moves = steps.slice(n - grown).flatMap((step, i) => [[step], [changed(step, n - grown + i)]]);
        return followed(steps.slice(0, n - grown), () => moves, `moved ${n - 1}`);
      },
      worst: true,
    },
  ],
  check: (answer) => {
    const { rendered, end, newest } = answer as { rendered: { text: string }; end: number; newest: number };
    assert.ok(rendered.text.length > 0 && end > 0, 'the document, and where the part ends');
    assert.ok(newest > 0, 'the newest text is in the document');
  },
});

async function followed(
  first: TranscriptMessage[],
  moves: (all: readonly TranscriptMessage[]) => TranscriptMessage[][],
  readUpTo?: string,
): Promise<Followed> {
  const render = new TranscriptRender();
  const messages = new TranscriptMessages();
  messages.merge(first);
  await render.update(header, messages.all, {}, nextTurn, messages.takeChanged());
  return { render, messages, moves: moves(messages.all), readUpTo };
}

const matchedPart: Reader<unknown, unknown> = reader<string>({
  name: 'a search match shown before its transcript is read (renderMatchedPart)',
  covers: ['src/features/transcripts/matchedPart.ts#renderMatchedPart', 'src/features/transcripts/transcriptMarkdown.ts#headerLines'],
  // An item is 10 characters of the indexed text (at most 16 KB kept: entries.ts).
  n: 1_600,
  read: (text) =>
    (['prompt', 'tool'] as const).map((kind) => renderMatchedPart(header, { part: 'prt_m', kind, tool: text.slice(0, 256), text })),
  shapes: [
    { name: 'n×10 characters of prose', make: (n) => prose(Math.ceil(n / 1.5)).slice(0, n * 10) },
    {
      name: 'n×10 characters of backtick runs and fences',
      make: (n) => '`a\n```'.repeat(Math.ceil((n * 10) / 7)).slice(0, n * 10),
      worst: true,
    },
  ],
  check: (answer) =>
    assert.ok(
      (answer as Array<{ lines: Map<string, number> }>).every((r) => r.lines.has('prt_m')),
      'the match has its line',
    ),
});

/** A transcript's lines, each `width` characters of `unit` repeated, the matched word said once at the very end. */
function linesEndingIn(lines: number, width: number, unit: string): string[] {
  const filler = unit.repeat(Math.ceil(width / unit.length)).slice(0, width);
  return Array.from({ length: lines }, (_, i) => (i === lines - 1 ? `${filler} quokkas` : filler));
}

const matchedWordOfPart: Reader<unknown, unknown> = reader<string[]>({
  name: "the matched word selected in a part's lines (matchedWord)",
  covers: ['src/features/transcripts/matchedWord.ts#matchedWord'],
  // An item is 10 characters of the part's lines.
  n: 10_000,
  read: (lines) => matchedWord((at) => lines[at], 0, lines.length, ['quok', 'quokka']),
  shapes: [
    { name: 'n lines of 10 characters of prose', make: (n) => linesEndingIn(n, 10, 'the cat ') },
    // Every occurrence inside a word is looked at and passed over: each once.
    { name: 'one line of n×10 characters of the word inside words', make: (n) => linesEndingIn(1, n * 10, 'xquok'), worst: true },
    // `İ` lowers to two code units: the line is lowered a character at a time and mapped back.
    { name: 'one line of n×10 characters of İ and the word inside words', make: (n) => linesEndingIn(1, n * 10, 'İxquok'), worst: true },
  ],
  check: (answer) => {
    const place = answer as { start: number; end: number } | undefined;
    assert.ok(place && place.end - place.start === 'quokkas'.length, `the whole word selected: ${JSON.stringify(place)}`);
  },
});

/** A root and `children` sub-agents below it, the newest sent first (the worst order for a list oldest first). */
function subAgentTree(children: number, width: number): SessionStore {
  const store = new SessionStore();
  store.apply({ type: 'session.upsert', info: { id: 'root', title: 'r', directory: '/w', time: { created: 0, updated: 0 } } });
  for (let i = children; i >= 1; i--) {
    // A tree `width` wide: the first `width` sessions are the root's children, each later one a child of one of them.
    const parentID = i <= width ? 'root' : `sub_${String(((i - 1) % width) + 1).padStart(8, '0')}`;
    const id = `sub_${String(i).padStart(8, '0')}`;
    store.apply({
      type: 'session.upsert',
      info: { id, parentID, title: `[s](command:x) ${i}`, directory: '/w', time: { created: i, updated: i } },
    });
  }
  return store;
}

const exported: Reader<unknown, unknown> = reader<RenderedTranscript>({
  name: "a transcript's links made to open from a file (standaloneText)",
  covers: ['src/features/transcripts/transcriptMarkdown.ts#standaloneText'],
  // An item is a line linking a sub-agent: 10n is a transcript of 100 000 of them.
  n: 10_000,
  read: (rendered) => standaloneText(rendered, (id) => `vscode://x/transcript?session=${id}`),
  shapes: [
    {
      name: 'n lines, each a sub-agent linked by a hostile title',
      make: (n) => {
        const lines = Array.from({ length: n }, (_, i) => `- [\\](<../ses_${i}/ a](<../ses_${i}/ >) ](<../ses_${i}/t.md>)`);
        return { text: lines.join('\n'), lines: new Map(), folds: [], children: lines.map((_, i) => ({ line: i, sessionId: `ses_${i}` })) };
      },
    },
    {
      name: 'one line of n×100 characters after a link that never closes',
      make: (n) => ({
        text: `- [t](<../ses_a/${'x'.repeat(n * 100)}`,
        lines: new Map(),
        folds: [],
        children: [{ line: 0, sessionId: 'ses_a' }],
      }),
      worst: true,
    },
  ],
  check: (answer, n) => assert.ok(typeof answer === 'string' && answer.length >= n, 'a text'),
});

const transcriptSubAgents: Reader<unknown, unknown> = reader<SessionStore>({
  name: "sub-agents in a transcript's header (subAgentsOf)",
  // renderTranscript (a whole render in one step, which only the tests and this header call) with no messages.
  covers: ['src/features/transcripts/subAgents.ts#subAgentsOf', 'src/features/transcripts/transcriptMarkdown.ts#renderTranscript'],
  // An item is a sub-agent: 10n is the review's 100 000 children of one session.
  n: 10_000,
  // As a render does: the list walked, then the header of it rendered (with no messages).
  read: (store) => {
    const { shown, total } = subAgentsOf(store, 'root');
    const rendered = renderTranscript({ ...header, sessionId: 'root', descendants: shown, descendantCount: total }, []);
    return { total, listed: rendered.children.length, chars: rendered.text.length };
  },
  shapes: [
    { name: 'a session of n children, sent newest first', make: (n) => subAgentTree(n, n), worst: true },
    { name: 'a session of 10 children with n sub-agents below them', make: (n) => subAgentTree(n, 10) },
  ],
  check: (answer, n) => {
    const { total, listed, chars } = answer as { total: number; listed: number; chars: number };
    assert.equal(total, n, 'every sub-agent counted');
    assert.equal(listed, 200, 'the first 200 listed, the rest said in one line');
    assert.ok(chars < 100_000, `a header of bounded size (${chars} characters)`);
  },
});

const SERVER = 'http://server';
const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 32);

const attentionMarks: Reader<unknown, unknown> = reader<string[] | Record<string, { seen: number }>>({
  name: 'attention marks kept of root ids (MarkBook)',
  covers: ['src/store/attention.ts#MarkBook'],
  // An item is a root whose id is 10 KB of non-ASCII characters, or an older version's mark of one.
  n: 1_000,
  // As the app keeps them: a root marked when a run of it is seen to end (a turn of its own each), its marks read at
  // every recompute of it after, then saved, and read back at the next start.
  read: async (input) => {
    // Another window's marks, stored beside this window's own: merged, as each window does at its look.
    if (!Array.isArray(input) && 'theirs' in input) {
      const { mine, theirs } = input as unknown as { mine: Record<string, { seen: number }>; theirs: Record<string, { seen: number }> };
      const book = new MarkBook(sha, mine);
      const other = new MarkBook(sha, theirs);
      const merged = book.merged(other);
      return { kept: merged.size, more: merged.holdsMore(other), found: merged.get(SERVER, 'ses_1')?.seen };
    }
    // What VS Code's storage hands back, parsed by it.
    if (!Array.isArray(input)) {
      const book = new MarkBook(sha, input);
      return { kept: book.size, found: book.get(SERVER, 'ses_1')?.seen };
    }
    const book = new MarkBook(sha);
    for (const id of input) {
      book.set(SERVER, id, { ended: 1 });
      await nextTurn();
    }
    let found = 0;
    for (const id of input) if (book.get(SERVER, id)) found++;
    const saved = JSON.stringify(book.toJSON());
    return { saved: saved.length, again: new MarkBook(sha, JSON.parse(saved)).size, found };
  },
  shapes: [
    {
      name: 'n roots of 10 KB non-ASCII ids, marked one at a time',
      make: (n) => Array.from({ length: n }, (_, i) => wideId(i)),
      worst: true,
    },
    {
      // Each window marked n roots of its own (half of them the same roots, looked at later in the other).
      name: "another window's n marks merged into this window's n",
      make: (n) => {
        const side = (offset: number) => {
          const marks: Record<string, { seen: number }> = {};
          for (let i = 0; i < n; i++) marks[sha(`${SERVER}\u0000ses_${i + offset}`)] = { seen: i + offset };
          return marks;
        };
        return { mine: side(0), theirs: side(Math.floor(n / 2)) } as unknown as Record<string, { seen: number }>;
      },
      worst: true,
    },
    {
      // Keyed by the ids themselves: every other one a 10 KB id (left out), the others ordinary ones (read back).
      name: "an older version's n marks, every other one of a 10 KB non-ASCII id",
      make: (n) => {
        const old: Record<string, { seen: number }> = {};
        for (let i = 0; i < n; i++) old[`${SERVER}\u0000${i % 2 ? `ses_${i}` : wideId(i)}`] = { seen: i };
        return old;
      },
      worst: true,
    },
  ],
  check: (answer, n, shape) => {
    if (shape.startsWith("another window's")) {
      const { kept, more } = answer as { kept: number; more: boolean };
      assert.equal(kept, Math.min(n + Math.floor(n / 2), 5_000), 'both windows’ roots, the newest 5 000');
      // Its own roots the other lacks are its oldest: stored again while the newest 5 000 keep any of them.
      assert.equal(more, n < 5_000, 'this window’s own roots that the other lacks are stored again');
      return;
    }
    if (shape.startsWith("an older version's")) {
      const { kept, found } = answer as { kept: number; found?: number };
      assert.equal(kept, Math.floor(Math.min(n, 5_000) / 2), 'the ordinary ids among the newest 5 000 kept, the 10 KB ones left out');
      if (n <= 5_000) assert.equal(found, 1, 'an older mark read back by its ids');
      return;
    }
    const { saved, again, found } = answer as { saved: number; again: number; found: number };
    assert.ok(saved < 80 * Math.min(n, 5_000), `${saved} characters saved for ${n} marks`);
    assert.equal(again, Math.min(n, 5_000), 'the newest 5 000 read back');
    assert.equal(found, Math.min(n, 5_000), 'the newest 5 000 found by their ids');
  },
});

interface Tree {
  store: SessionStore;
  /** The sub-agent made last (a chain's leaf). */
  last: string;
}

const attentionOfRoots: Reader<unknown, unknown> = reader<Tree>({
  name: 'attention of a root and its sub-agents (rootAttention, rootOf)',
  covers: ['src/store/attention.ts#rootAttention', 'src/store/attention.ts#rootOf', 'src/store/attention.ts#isLive'],
  read: ({ store, last }) => ({ attention: rootAttention(store, 'root', { ended: 10 }), root: rootOf(store, last) }),
  shapes: [
    {
      name: 'a root of n sub-agents',
      make: (n) => {
        const store = new SessionStore();
        store.apply({ type: 'session.upsert', info: { id: 'root', title: 'r', directory: '/w', time: { created: 1, updated: 2 } } });
        for (let i = 0; i < n; i++)
          store.apply({
            type: 'session.upsert',
            info: { id: `sub_${i}`, parentID: 'root', title: 's', directory: '/w', time: { created: 1, updated: 2, idle: 5 } },
          });
        return { store, last: `sub_${n - 1}` };
      },
    },
    {
      name: 'a chain of n sub-agents, each the parent of the next',
      make: (n) => {
        const store = new SessionStore();
        store.apply({ type: 'session.upsert', info: { id: 'root', title: 'r', directory: '/w', time: { created: 1, updated: 2 } } });
        let last = 'root';
        for (let i = 0; i < n; i++) {
          const id = `sub_${String(i).padStart(8, '0')}`;
          store.apply({
            type: 'session.upsert',
            info: { id, parentID: last, title: 's', directory: '/w', time: { created: 1, updated: 2 } },
          });
          last = id;
        }
        return { store, last };
      },
      worst: true,
    },
  ],
  check: (answer, _n, shape) => {
    const { attention, root } = answer as { attention?: string; root: string };
    assert.equal(attention, 'unread');
    // A chain is linked at most MAX_DEPTH deep: its deepest sub-agents show at the root, each a root of its own.
    if (shape.startsWith('a root of')) assert.equal(root, 'root', 'a sub-agent rolls up into its root');
  },
});

/** A ServerIndexer of a 1.x stand-in (searchShapes.ts) whose sessions the store lists as `listed`. */
function indexerOf(server: StandIn, listed: string[], maxBytes: number, logs: string[], onHost = false): ServerIndexer {
  const sessions = new SessionStore();
  for (const id of listed)
    sessions.apply({ type: 'session.upsert', info: { id, title: id, directory: '/w', time: { created: 1, updated: 2 } } });
  const connection = {
    label: 'stand-in',
    api: new V1Api({ url: server.url }),
    sessions,
    // An endpoint off this machine is read on the host (hostPages); the API still reads the stand-in.
    endpoint: () => Promise.resolve({ url: onHost ? 'https://opencode.example' : server.url }),
  } as unknown as ServerConnection;
  return new ServerIndexer(connection, { engineScript: engineScript(), maxBytes: () => maxBytes, pace: 0, log: (m) => logs.push(m) });
}

async function settled(indexer: ServerIndexer, until: () => boolean): Promise<void> {
  while (indexer.progress().running || !until()) await new Promise((resolve) => setTimeout(resolve, 2));
}

interface IndexerInput {
  indexer: ServerIndexer;
  logs: string[];
  server: StandIn;
  maxBytes: number;
  done: () => boolean;
}

/** An indexer's whole run: it syncs, settles and is disposed. */
async function readIndexer(input: IndexerInput): Promise<IndexerInput> {
  await input.indexer.ready();
  await input.indexer.sync();
  await settled(input.indexer, input.done);
  await input.indexer.dispose();
  return input;
}

/** One session of n messages, read by the engine or (`onHost`) on the host. */
function sessionOfN(onHost: boolean): Shape<IndexerInput, StandIn> {
  return {
    name: 'a session of n messages in pages of 200',
    make: (n, server) => {
      server.reset();
      server.sessions.set('ses_a', { pages: Math.max(1, Math.round(n / 200)) });
      const logs: string[] = [];
      const indexer = indexerOf(server, ['ses_a'], 1e9, logs, onHost);
      return { indexer, logs, server, maxBytes: 1e9, done: () => indexer.progress().read === 1 };
    },
  };
}

/** A session whose pages never end, against a cap of n KB. */
function pagesNeverEnd(onHost: boolean): Shape<IndexerInput, StandIn> {
  return {
    name: 'pages that never end, against a cap of n KB',
    make: (n, server) => {
      server.reset();
      server.sessions.set('ses_a', {});
      const logs: string[] = [];
      const maxBytes = n * 1024;
      const indexer = indexerOf(server, ['ses_a'], maxBytes, logs, onHost);
      return { indexer, logs, server, maxBytes, done: () => indexer.progress().read + indexer.progress().failed === 1 };
    },
    worst: true,
  };
}

const indexerPages: Reader<unknown, unknown> = reader<IndexerInput, StandIn>({
  name: "server indexer: a 1.x server's message pages and sessions (ServerIndexer)",
  // Its pages are read, parsed and indexed by the engine (serverPages.ts), the indexer asking one page at a time.
  covers: [
    'src/features/search/node/serverIndexer.ts#ServerIndexer',
    'src/features/search/node/indexFolder.ts#IndexFolder',
    'src/features/search/node/indexCaps.ts#IndexCaps',
    'src/features/search/node/sessionReads.ts#SessionReads',
    'src/features/search/common/engine/serverPages.ts#PageReads',
    'src/features/search/common/engine/serverPages.ts#readPages',
  ],
  // An item is a message of about 1 KB on the wire, or a session.
  n: 1_000,
  setup: standIn,
  teardown: (server) => server.close(),
  read: readIndexer,
  shapes: [
    sessionOfN(false),
    pagesNeverEnd(false),
    {
      // Each is a request the server answers: a tenth of n.
      name: 'n/10 indexed sessions gone from the listing',
      make: async (n, server) => {
        server.reset();
        const logs: string[] = [];
        const indexer = indexerOf(server, [], 1e9, logs);
        for (let i = 0; i < n / 10; i++) {
          const id = nextId('ses');
          server.sessions.set(id, { gone: true });
          await indexer.addMessages(meta(id), ordinaryMessages(id, 1));
        }
        return { indexer, logs, server, maxBytes: 1e9, done: () => indexer.index.sessionCount === 0 };
      },
      worst: true,
    },
  ],
  check: (answer, _n, shape) => {
    const { indexer, logs, server, maxBytes } = answer as IndexerInput;
    assert.ok(indexer.index.bytes <= maxBytes, `the index holds ${indexer.index.bytes} bytes against a cap of ${maxBytes}`);
    if (shape.startsWith('pages that never end')) {
      assert.ok(indexer.index.bytes > 0, 'what fits is indexed');
      assert.ok(
        logs.some((m) => /too large|cap/.test(m)),
        `the log says what was left out: ${logs.join(' | ')}`,
      );
    }
    if (shape.startsWith('n/10 indexed sessions gone')) assert.ok(server.mostInFlight <= 4, `${server.mostInFlight} requests at once`);
    if (shape.startsWith('a session of n')) assert.ok(indexer.index.bytes > 0, 'the session indexed');
  },
});

interface SyncInput {
  indexer: ServerIndexer;
  logs: string[];
  n: number;
}

/**
 * A server of n sessions never indexed, gone as the sync begins: the connection gives no endpoint, so each read fails
 * at once, without I/O. What is measured is the sync (every session gone through, the stale ones ordered newest
 * first) and the drain of its queue, two readers at a time. Issue 75: the sync was one step (100 000 sessions 164 ms)
 * and the queue was drained by shift(), quadratic past about 16 000 (10 000 15 ms, 100 000 1.7 s).
 */
const indexerSync: Reader<unknown, unknown> = reader<SyncInput>({
  name: 'server indexer: n sessions to read, each failing at once (SessionReads.sync and its queue)',
  // The queue of sessions to read is a Fifo: its drain is what this measures.
  covers: ['src/features/search/node/sessionReads.ts#SessionReads', 'src/base/fifo.ts#Fifo'],
  n: 10_000,
  read: async (input) => {
    await input.indexer.sync();
    await settled(input.indexer, () => input.indexer.progress().failed === input.n);
    await input.indexer.dispose();
    return input;
  },
  shapes: [
    {
      name: 'n sessions listed, never indexed, their times out of order',
      make: async (n) => {
        const sessions = new SessionStore();
        // Times scattered (a prime stride), some shared: the sync orders them newest first, ties as listed.
        sessions.loadSnapshot(
          Array.from({ length: n }, (_, i) => ({
            id: `ses_${String(i).padStart(8, '0')}`,
            title: 't',
            directory: '/w',
            time: { created: 1, updated: 2 + ((i * 7919) % Math.max(1, n >> 1)) },
          })),
        );
        const connection = {
          label: 'stand-in',
          api: new V1Api({ url: 'http://127.0.0.1:9' }),
          sessions,
          endpoint: () => Promise.reject(new Error('the server is gone')),
        } as unknown as ServerConnection;
        const logs: string[] = [];
        const indexer = new ServerIndexer(connection, {
          engineScript: engineScript(),
          maxBytes: () => 1e9,
          pace: 0,
          log: (m) => logs.push(m),
        });
        await indexer.ready();
        return { indexer, logs, n };
      },
      worst: true,
    },
  ],
  check: (answer) => {
    const { indexer, logs, n } = answer as SyncInput;
    const progress = indexer.progress();
    assert.equal(progress.total, n, 'every session queued once');
    assert.equal(progress.failed, n, 'every read failed, none read');
    // Read newest first, sessions of one time in the order listed (each read's failure is logged as it ends).
    const read = logs.flatMap((m) => /could not index (ses_\d+)/.exec(m)?.[1] ?? []);
    assert.equal(read.length, n);
    const updated = (id: string) => indexer.connection.sessions.get(id)!.info.time.updated;
    for (let i = 1; i < read.length; i++) {
      const [a, b] = [read[i - 1], read[i]];
      assert.ok(updated(a) > updated(b) || (updated(a) === updated(b) && a < b), `${a} read before ${b}`);
    }
  },
});

/** The same pages read on the host, for a server the engine's own fetch may not reach (https, off this machine). */
const indexerHostPages: Reader<unknown, unknown> = reader<IndexerInput, StandIn>({
  name: "server indexer on the host: a server off this machine's loopback, its pages parsed on the host (hostPages)",
  covers: ['src/features/search/common/engine/serverPages.ts#hostPages', 'src/features/search/common/engine/serverPages.ts#readsOffHost'],
  n: 1_000,
  setup: standIn,
  teardown: (server) => server.close(),
  read: readIndexer,
  shapes: [sessionOfN(true), pagesNeverEnd(true)],
  check: (answer) => {
    const { indexer, maxBytes } = answer as IndexerInput;
    assert.ok(indexer.index.bytes <= maxBytes, `the index holds ${indexer.index.bytes} bytes against a cap of ${maxBytes}`);
    assert.ok(indexer.index.bytes > 0, 'what fits is indexed');
  },
});

/** A page of n messages of 100 small tool calls each (the review's 30 MB page at 10n = 10 000). */
function toolCallsPage(n: number, status: 'running' | 'completed'): TranscriptMessage[] {
  const id = nextId('ses');
  return Array.from({ length: n }, (_, m) => ({
    id: nextId('msg'),
    sessionID: id,
    role: 'assistant' as const,
    created: m,
    parts: Array.from({ length: 100 }, (_, p) => ({
      kind: 'tool' as const,
      id: nextId('prt'),
      tool: 'read',
      status,
      title: `src/file${p}.ts`,
      input: `{"filePath":"/w/src/file${p}.ts"}`,
      output: status === 'completed' ? `line ${m}.${p}` : undefined,
    })),
  }));
}

const enginePage: Reader<unknown, unknown> = reader<TranscriptMessage[], EngineClient>({
  name: "search engine: a server's page sent to the engine's worker (EngineProxy.addPage: slimmed and posted in chunks)",
  covers: [
    'src/features/search/common/engine/protocol.ts#slimPage',
    'src/features/search/common/engine/protocol.ts#slimChunks',
    'src/features/search/common/engine/protocol.ts#slimMeta',
    'src/features/search/common/engine/protocol.ts#slimId',
    'src/features/search/common/engine/engineProxy.ts#EngineProxy',
    'src/features/search/node/engine/engineClient.ts#EngineClient',
  ],
  // An item is a message of 100 small tool calls (about 3 KB on the wire): 10n is half the review's 30 MB page, so
  // the runs end well within the shape's deadline on a loaded machine.
  n: 500,
  // The real worker: what is measured is this thread's (the host's) slimming and posting, and every step of it.
  setup: async () => {
    const engine = new EngineClient({ script: engineScript() });
    await engine.open();
    return engine;
  },
  teardown: (engine) => engine.dispose(),
  read: async (page, engine) => {
    const meta = { id: page[0].sessionID, title: 't', directory: '/w', updated: 0 };
    const added = await engine.addPage(meta, page);
    // The next run's page is another session's: the worker holds none of this one's.
    await engine.drop(meta.id);
    return added;
  },
  shapes: [
    // Tool calls still running make no entry: the worker's indexing stays small beside the host's work measured.
    { name: 'a page of n messages of 100 running tool calls', make: (n) => toolCallsPage(n, 'running'), worst: true },
    { name: 'a page of n/10 messages of 100 finished tool calls', make: (n) => toolCallsPage(Math.max(1, n / 10), 'completed') },
  ],
  check: (answer) => {
    const added = answer as PageResult;
    assert.ok(added.session && !added.allKnown && !added.capped, 'the page answered whole');
  },
});

export const searchReaders: Array<Reader<unknown, unknown>> = [
  exported,
  terms,
  titleSearch,
  matchAnchor,
  indexAdd,
  indexQuery,
  indexPrefixQuery,
  indexSaveLoad,
  diskTextsStart,
  diskTextsIds,
  transcriptRender,
  transcriptFollowed,
  matchedPart,
  matchedWordOfPart,
  transcriptSubAgents,
  attentionMarks,
  attentionOfRoots,
  indexerPages,
  indexerSync,
  indexerHostPages,
  enginePage,
];
