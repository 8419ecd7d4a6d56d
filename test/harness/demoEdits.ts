// The demo's session that changed files, "Rename the checkout button", in the web shop (a git project: OpenCode
// records what a turn changed only there). Something else writes a file while its turn runs, as a person in the
// editor would: OpenCode's per-turn diff records that file too, and the Changes list it apart, not as the session's.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gitProject } from './gitProject';
import { createSession, promptAsync, type Harness } from './scenario';
import { text, toolCall } from './scriptedModel';
import { waitFor } from './waitFor';

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

/** The web shop as a git project: before any session is created in it, or OpenCode records no diffs there. */
export function demoWebshop(h: Harness): string {
  return gitProject(h, 'webshop', { 'src/checkout.ts': CHECKOUT });
}

/** Runs the session's turn in `webshop` (demoWebshop); resolves with its id once the server recorded its diff. */
export async function seedDemoEdits(h: Harness, webshop: string): Promise<string> {
  const id = (await createSession(h, { title: DEMO_EDITS.title, directory: webshop })).id;
  let release!: () => void;
  const hold = new Promise<void>((resolve) => (release = resolve));
  await promptAsync(
    h,
    id,
    'Call the button "Place order" and add a test',
    [
      toolCall('edit', { filePath: join(webshop, 'src/checkout.ts'), oldString: "label: 'Buy'", newString: "label: 'Place order'" }),
      toolCall('write', { filePath: join(webshop, 'src/checkout.test.ts'), content: CHECKOUT_TEST }),
      { ...text('Renamed, with a test.', { prompt: 9_000, cached: 4_000, completion: 800 }), hold },
    ],
    webshop,
  );
  try {
    await waitFor(
      'the session’s own write',
      () => existsSync(join(webshop, 'src/checkout.test.ts')),
      (written) => written,
    );
    const notes = join(webshop, DEMO_EDITS.meanwhile);
    mkdirSync(dirname(notes), { recursive: true });
    writeFileSync(notes, '# Notes\n\nTyped in the editor while the agent worked.\n');
  } finally {
    release();
  }
  const files = [...DEMO_EDITS.own, DEMO_EDITS.meanwhile];
  await waitFor(
    'the server’s record of the turn’s diff',
    async () => ((await h.server.client(webshop).session.messages({ sessionID: id })).data ?? []).find((m) => m.info.role === 'user')?.info,
    (info) => info?.role === 'user' && files.every((f) => (info.summary?.diffs ?? []).some((d) => d.file === f)),
  );
  return id;
}
