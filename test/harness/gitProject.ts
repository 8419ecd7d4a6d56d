// A project folder that is a git repository: OpenCode records what a turn changed (its snapshots and the
// per-turn diffs) only in git projects.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createSession, prompt, promptAsync, recordedTurns, type Harness } from './scenario';
import { text, toolCall, type Reply } from './scriptedModel';
import { waitFor } from './waitFor';

export function gitProject({ server }: Harness, name: string, files: Record<string, string> = {}): string {
  return gitRepo(server.projectDir(name), files);
}

/** Makes `dir` a git repository holding `files`, committed. */
export function gitRepo(dir: string, files: Record<string, string> = {}): string {
  mkdirSync(dir, { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=test@example.invalid', '-c', 'user.name=test', ...args], { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '--allow-empty', '-m', 'start');
  return dir;
}

/** Thirty numbered lines: an edit of one line is easy to check. */
export const NUMBERED = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

/**
 * A session in `project` (made with `existing.txt` = NUMBERED) whose one turn creates new.txt and edits line 15
 * of existing.txt through OpenCode's own write and edit tools. Returns the session and the turn's user message.
 */
export async function changingTurn(h: Harness, title: string, project: string): Promise<{ id: string; turn: string }> {
  const id = (await createSession(h, { title, directory: project })).id;
  await prompt(
    h,
    id,
    'Create one file and edit another',
    [
      toolCall('write', { filePath: join(project, 'new.txt'), content: 'hello\nworld\n' }),
      toolCall('edit', { filePath: join(project, 'existing.txt'), oldString: 'line 15', newString: 'line fifteen' }),
      text('Done.'),
    ],
    { directory: project },
  );
  // OpenCode records the turn's diff on its user message after the turn has ended (2.x: in its tool results, with
  // the turn): wait for the server's own record of both files, so that every reader sees the settled turn.
  const [turn] = await waitFor(
    'the server’s record of the turn’s diff (new.txt and existing.txt)',
    () => recordedTurns(h, id, project),
    (turns) => turns.length > 0 && turns[0].changes.length >= 2,
    undefined,
    (turns) => turns.map((t) => ({ id: t.id, files: t.changes.map((c) => c.file) })),
  );
  return { id, turn: turn.id };
}

/** A turn during which something other than the session writes files, as a person in the editor would. */
export interface TurnWithWritesMeanwhile {
  prompt: string;
  /** The turn's own tool calls; the last one writes `writtenLast` (a path in the project). */
  tools: Reply[];
  writtenLast: string;
  /** Its last reply: held until the files below are written. */
  reply: Reply;
  /** What something else writes meanwhile: path in the project → content. */
  meanwhile: Record<string, string>;
  /** The files the server's record of the turn's diff must name before this resolves. */
  recorded: string[];
}

/**
 * Runs `turn` in session `id`, until the server's record of the turn names `recorded` (1.x: the turn's diff on its
 * user message, at the turn's end; 2.x releases: the per-turn diff route).
 */
export async function turnWithWritesMeanwhile(h: Harness, id: string, project: string, turn: TurnWithWritesMeanwhile): Promise<void> {
  let release!: () => void;
  const hold = new Promise<void>((resolve) => (release = resolve));
  await promptAsync(h, id, turn.prompt, [...turn.tools, { ...turn.reply, hold }], project);
  try {
    await waitFor(
      'the session’s own last write',
      () => existsSync(join(project, turn.writtenLast)),
      (written) => written,
    );
    for (const [path, content] of Object.entries(turn.meanwhile)) {
      mkdirSync(dirname(join(project, path)), { recursive: true });
      writeFileSync(join(project, path), content);
    }
  } finally {
    release();
  }
  await waitFor(
    `the server’s record of the turn’s diff (${turn.recorded.join(', ')})`,
    async () => (await recordedTurns(h, id, project)).at(-1),
    (recorded) => turn.recorded.every((f) => (recorded?.changes ?? []).some((d) => d.file === f)),
  );
}
