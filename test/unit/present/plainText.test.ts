// Server text made inert for each place it is shown: nothing reorders or hides text, no icon or link renders,
// markdown reads as the same characters.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { appendUntrusted } from '../../../src/present/markdown';
import { iconSafe, messageSafe, oneLogLine, visibleText } from '../../../src/present/plainText';
import { sessionTitle } from '../../../src/present/sessionTitle';
import { tooltipRows } from '../../../src/present/tooltipRows';
import { SessionStore } from '../../../src/store/sessionStore';
import { errorEvent, feed, record, sessionEvent, sessionInfo } from '../helpers/factories';

const RLO = '\u202e';
const HOSTILE = `photo${RLO}gpj.exe\u200b\u2066x\u2069 $(zap) [run](command:workbench.action.quit) <b>&amp;`;

describe('visibleText', () => {
  test('bidi controls and zero-width characters are dropped: the text reads in its real order', () => {
    assert.equal(visibleText(`photo${RLO}gpj.exe`), 'photogpj.exe');
    assert.equal(visibleText('a\u200bb\u200cc\u200dd\ufeffe\u2060f\u00adg\u200eh\u200fi\u061cj'), 'abcdefghij');
    assert.equal(visibleText('\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069'), '');
  });

  test('ordinary text, emoji with joiners aside, and other scripts are kept', () => {
    assert.equal(visibleText('Fix the login · 修复登录 · إصلاح'), 'Fix the login · 修复登录 · إصلاح');
  });

  test('every escape for a place starts from visible text', () => {
    assert.equal(iconSafe(HOSTILE).includes(RLO), false);
    assert.equal(messageSafe(HOSTILE).includes('$('), false);
    assert.equal(messageSafe(HOSTILE).includes(']('), false);
    assert.equal(sessionTitle({ title: HOSTILE }).includes(RLO), false);
    let markdown = '';
    const sink = {
      appendMarkdown: (v: string) => ((markdown += v), sink),
      appendText: (v: string) => ((markdown += v.replace(/[[\]()$`*_]/g, '\\$&')), sink),
    };
    appendUntrusted(sink, HOSTILE);
    assert.equal(markdown.includes(RLO) || markdown.includes('\u200b') || markdown.includes('<b>'), false, markdown);
  });

  test('tooltip rows show agent, model, error and directory as visible text', () => {
    const store = new SessionStore();
    feed(
      store,
      sessionEvent('session.created', { ...sessionInfo({ id: 's', directory: `/w/${RLO}dir` }), agent: `build${RLO}` }),
      errorEvent('s', 'APIError', `bad\u200b${RLO}thing`),
    );
    const r = record(store, 's');
    const rows = tooltipRows({ record: r, inclusive: r.own, hasChildren: false, serverLabel: `srv${RLO}` });
    for (const row of rows) assert.equal(/[\u200b\u202e]/.test(row.value), false, `${row.label}: ${row.value}`);
    assert.equal(rows.find((row) => row.label === 'Last error')?.value, 'badthing');
  });
});

describe('appendUntrusted', () => {
  const render = (text: string) => {
    let markdown = '';
    const sink = { appendMarkdown: (v: string) => ((markdown += v), sink), appendText: (v: string) => ((markdown += v), sink) };
    appendUntrusted(sink, text);
    return markdown;
  };

  test('URLs, www names and addresses cannot become autolinks; other text is untouched', () => {
    assert.equal(render("fetch('http://x.test/a')"), "fetch('http&#58;//x.test/a')");
    assert.equal(render('see WWW.example.com or a@b.c'), 'see WWW&#46;example.com or a&#64;b.c');
    assert.equal(render('$0.165 at 1:01 <b> & co'), '$0.165 at 1:01 &lt;b> &amp; co');
  });
});

describe('oneLogLine', () => {
  test('a line break or control character from a server cannot start a forged log line', () => {
    const forged = 'per_1\n2026-11-26 [info] connected to OpenCode\r\u2028\u001b[31m';
    const line = oneLogLine(`request ${forged}: notified.`);
    assert.ok(![...line].some((c) => c < ' ' || c === '\u2028'), line);
    assert.equal(line, 'request per_1\\u000a2026-11-26 [info] connected to OpenCode\\u000d\\u2028\\u001b[31m: notified.');
    assert.equal(oneLogLine('plain\ttext — “quoted”'), 'plain\ttext — “quoted”');
  });
});
