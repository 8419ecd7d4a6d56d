// What the budget parts keep of what they did (notices said, resumes sent, pauses ended) lives as long as the window:
// each is a RecentList (src/base/recentList.ts), never a plain array that grows with every push.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { repoRoot } from '../../harness/paths';

const root = repoRoot();
const files = [
  ...readdirSync(join(root, 'src/features/budget'))
    .filter((name) => name.endsWith('.ts'))
    .map((name) => `src/features/budget/${name}`),
  'src/app/budgets/budgetPauses.ts',
];

describe('the budget parts keep bounded logs', () => {
  test('no class field starts as an empty array', () => {
    // `readonly said: string[] = [];`, `private log = [] as X[];`: a field (indented, no const/let) set to [].
    const field = /^ {2}(?:(?:private|protected|public|readonly) )*\w+(?:: [^=]+)? = \[\](?: as [^;]+)?;$/;
    const found = files.flatMap((file) =>
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .filter((line) => field.test(line))
        .map((line) => `${file}: ${line.trim()}`),
    );
    assert.deepEqual(found, []);
  });
});
