// The demo's session that changed files, "Rename the checkout button", in the web shop (a git project: OpenCode
// records what a turn changed only there). Something else writes a file while its turn runs, as a person in the
// editor would: OpenCode's per-turn diff records that file too, and the Changes list it apart, not as the session's.
import { join } from 'node:path';
import { gitProject, turnWithWritesMeanwhile } from './gitProject';
import { createSession, type Harness } from './scenario';
import { text, toolCall } from './scriptedModel';

const CHECKOUT = "export const button = {\n  label: 'Buy',\n  kind: 'primary',\n};\n";
const CHECKOUT_TEST =
  "import { button } from './checkout';\n\ntest('the button says what it does', () => expect(button.label).toBe('Place order'));\n";

export const DEMO_EDITS = {
  title: 'Rename the checkout button',
  /** What its own tools changed (an edit and a write). */
  own: ['src/checkout.ts', 'src/checkout.test.ts'],
  /** Written meanwhile by something else. */
  meanwhile: 'NOTES.md',
} as const;

/**
 * What `npm test` runs in the web shop (the demo's waiting session asks to run it; issue 77: without a package.json,
 * Allow Once led to npm's ENOENT): Node's own test runner on a test that reads the checkout's source, so it runs in
 * well under a second with nothing installed.
 */
const PACKAGE_JSON = `${JSON.stringify(
  { name: 'webshop', version: '1.0.0', private: true, type: 'module', scripts: { test: 'node --test test/checkout.test.js' } },
  null,
  2,
)}\n`;
const CHECKOUT_SOURCE_TEST = `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

test('the checkout button has a label and a kind', () => {
  const source = readFileSync(new URL('../src/checkout.ts', import.meta.url), 'utf8');
  assert.match(source, /label: '[^']+'/);
  assert.match(source, /kind: 'primary'/);
});
`;

/** The web shop as a git project: before any session is created in it, or OpenCode records no diffs there. */
export function demoWebshop(h: Harness): string {
  return gitProject(h, 'webshop', {
    'package.json': PACKAGE_JSON,
    'src/checkout.ts': CHECKOUT,
    'test/checkout.test.js': CHECKOUT_SOURCE_TEST,
  });
}

/** Runs the session's turn in `webshop` (demoWebshop); resolves with its id once the server recorded its diff. */
export async function seedDemoEdits(h: Harness, webshop: string): Promise<string> {
  const id = (await createSession(h, { title: DEMO_EDITS.title, directory: webshop })).id;
  await turnWithWritesMeanwhile(h, id, webshop, {
    prompt: 'Call the button "Place order" and add a test',
    tools: [
      toolCall('edit', { filePath: join(webshop, 'src/checkout.ts'), oldString: "label: 'Buy'", newString: "label: 'Place order'" }),
      toolCall('write', { filePath: join(webshop, 'src/checkout.test.ts'), content: CHECKOUT_TEST }),
    ],
    writtenLast: 'src/checkout.test.ts',
    reply: text('Renamed, with a test.', { prompt: 9_000, cached: 4_000, completion: 800 }),
    meanwhile: { [DEMO_EDITS.meanwhile]: '# Notes\n\nTyped in the editor while the agent worked.\n' },
    recorded: [...DEMO_EDITS.own, DEMO_EDITS.meanwhile],
  });
  return id;
}
