// A stage's counts when the tests wrote no report (the run was failed from outside: a busy host, a crash, the
// stage's timeout): what the tests noted as they went (test/vscode/index.ts writes a line per result to
// OCS_TEST_PROGRESS), and one failure more for the run that broke off. The passes before it are not thrown away.

/** One line a test result: `pass <title>` or `fail <title>`. */
export const progressLine = (state: 'pass' | 'fail', title: string): string => `${state} ${title.replace(/[\r\n]+/g, ' ')}\n`;

export function resultWithoutReport(progress: string): { passed: number; failed: number; code: number } {
  let passed = 0;
  let failed = 0;
  for (const line of progress.split('\n')) {
    if (line.startsWith('pass ')) passed++;
    else if (line.startsWith('fail ')) failed++;
  }
  return { passed, failed: failed + 1, code: 1 };
}
