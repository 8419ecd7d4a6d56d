// A session row's hover as markdown: sections in order under their headings, a hostile title and hostile values
// escaped, and command links only to the four commands the hover trusts, each naming its session.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { commandLink, HOVER_COMMANDS, writeSessionHover, type HoverAction } from '../../../src/features/sessions/tree/sessionHover';
import { modelName } from '../../../src/present/modelName';
import { tooltipRows } from '../../../src/present/tooltipRows';
import { SessionStore } from '../../../src/store/sessionStore';
import { feed, record, sessionEvent, sessionInfo, tokens } from '../helpers/factories';

const HOSTILE =
  '<img src=x onerror=alert(1)> [x](command:workbench.action.quit) [c](command:opencodeSessions.compactSession?%5B%5D) $(zap) ` **b**';
const HEADINGS = { figures: 'Figures', state: 'Activity', server: 'Where' };

/** A sink that escapes as VS Code's MarkdownString.appendText does (markdown syntax, spaces, `>`, new lines). */
function vscodeLikeSink() {
  const sink = {
    value: '',
    appendMarkdown(v: string) {
      sink.value += v;
      return sink;
    },
    appendText(v: string) {
      sink.value += v
        .replace(/[\\`*_{}[\]()#+\-!~]/g, '\\$&')
        .replace(/([ \t]+)/g, (_m, g1: string) => '&nbsp;'.repeat(g1.length))
        .replace(/>/gm, '\\>')
        .replace(/\n/g, '\n\n');
      return sink;
    },
  };
  return sink;
}

/** Every live link in the markdown: `[text](command:id?args …)` whose `]` is not escaped. */
function commandLinks(markdown: string): Array<{ command: string; args: unknown }> {
  return [...markdown.matchAll(/(?<!\\)\]\(command:([^?\s)]+)(?:\?([^\s)]*))?/g)].map((m) => ({
    command: m[1],
    args: m[2] === undefined ? undefined : (JSON.parse(decodeURIComponent(m[2])) as unknown),
  }));
}

function hostileSession() {
  const store = new SessionStore();
  const info = { ...sessionInfo({ id: 'ses_1', title: HOSTILE, tokens: tokens(50_000, 1_000), cost: 0.165 }) };
  info.model = { id: 'alpha', providerID: 'scripted' };
  info.directory = `/w/${HOSTILE}`;
  feed(store, sessionEvent('session.created', info));
  const r = record(store, 'ses_1');
  return tooltipRows({ record: r, inclusive: r.own, hasChildren: false, serverLabel: 'laptop [y](command:workbench.action.quit)' });
}

const ref = { kind: 'session', serverId: 'srv', sessionId: 'ses_1' };
const ACTIONS: HoverAction[] = [
  { command: 'opencodeSessions.showUsage', title: 'Show Usage', tooltip: 'The usage charts', args: [ref] },
  { command: 'opencodeSessions.compactSession', title: 'Compact', tooltip: 'Summarize "it"', args: [ref] },
  { command: 'opencodeSessions.switchSession', title: 'Switch to Session', tooltip: 'Follow it', args: [ref] },
  { command: 'opencodeSessions.openTranscript', title: 'Transcript', tooltip: 'Read it', args: [ref] },
];

describe('session hover', () => {
  test('title with the actions under it, then figures, state and server under their headings after a rule', () => {
    const md = writeSessionHover(vscodeLikeSink(), 'Plain title', hostileSession(), HEADINGS, ACTIONS).value;
    const at = (text: string) => {
      const i = md.indexOf(text);
      assert.ok(i >= 0, `has ${text}:\n${md}`);
      return i;
    };
    assert.ok(md.startsWith('**Plain&nbsp;title**  \n[Show Usage]'), md);
    const order = [
      at('[Show Usage]'),
      at('[Compact]'),
      at('[Switch to Session]'),
      at('\n\n---\n\n**Figures**  \n'),
      at('Cost: $0.165000'),
      at('Tokens: 51,000'),
      at('\n\n---\n\n**Activity**  \n'),
      at('State: idle'),
      at('Model: scripted/alpha'),
      at('\n\n---\n\n**Where**  \n'),
      at('Server: laptop'),
      at('Directory: '),
    ];
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
      'in this order',
    );
    assert.ok(!/[^\n]\n---/.test(md), 'every rule follows a blank line (else the line above becomes a heading)');
  });

  test('a hostile title, folder and server name stay text: no HTML, no icon, no link of theirs', () => {
    const md = writeSessionHover(vscodeLikeSink(), HOSTILE, hostileSession(), HEADINGS, ACTIONS).value;
    assert.ok(!md.includes('<img'), 'no raw HTML');
    assert.ok(!md.includes('$(zap)'), 'no icon syntax');
    assert.ok(!md.includes('**b**'), 'no emphasis of theirs');
    // Their link syntax is there as escaped text; the only live links are the four actions, under the title.
    assert.ok(md.includes('\\[x\\]\\(command:workbench'), md);
    const links = commandLinks(md);
    assert.deepEqual(
      links.map((l) => l.command),
      [...HOVER_COMMANDS],
    );
    assert.ok(md.lastIndexOf('](command:workbench') === -1 && md.lastIndexOf('](command:') < md.indexOf('---'), md);
    for (const link of links) assert.deepEqual(link.args, [ref]);
  });

  test('links go only to the commands the hover trusts: any other action is left out', () => {
    const stray = { command: 'workbench.action.quit', title: 'Quit', tooltip: 'Quit', args: [] } as unknown as HoverAction;
    const md = writeSessionHover(vscodeLikeSink(), 'T', [], HEADINGS, [stray, ACTIONS[0]]).value;
    assert.deepEqual(
      commandLinks(md).map((l) => l.command),
      ['opencodeSessions.showUsage'],
    );
    assert.ok(!md.includes('Quit'), md);
    assert.equal(commandLinks(writeSessionHover(vscodeLikeSink(), 'T', [], HEADINGS, [stray]).value).length, 0);
  });

  test("a link's arguments cannot end it: ids with brackets, quotes and spaces come back whole", () => {
    const odd = { kind: 'session', serverId: 'a) [b](command:workbench.action.quit', sessionId: `ses "x" 'y' *!` };
    const link = commandLink({ command: 'opencodeSessions.showUsage', title: 'Show [Usage]', tooltip: 'say "hi"', args: [odd] });
    const target = /^\[Show \\\[Usage\\\]\]\(command:opencodeSessions\.showUsage\?([^\s)]*) "say \\"hi\\""\)$/.exec(link);
    assert.ok(target, link);
    assert.deepEqual(JSON.parse(decodeURIComponent(target[1])), [odd]);
  });
});

describe('modelName', () => {
  test('provider/model wherever a model is named; the id alone without a provider; nothing without an id', () => {
    assert.equal(modelName('scripted', 'alpha'), 'scripted/alpha');
    assert.equal(modelName(undefined, 'alpha'), 'alpha');
    assert.equal(modelName('scripted', undefined), '');
    assert.equal(modelName('a\u202e', 'b\u200b'), 'a/b', 'no invisible or reordering characters');
  });
});
