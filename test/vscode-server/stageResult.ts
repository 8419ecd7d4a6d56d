// A stage's counts when the tests wrote no report (the run was failed from outside: a busy host, a crash, the
// stage's timeout): what the tests noted as they went (test/vscode/index.ts writes a line per result to
// OCS_TEST_PROGRESS), and one failure more for the run that broke off. The passes before it are not thrown away.
// The same notes say whether a stage still moves: it is ended when none has come for a while (QuietLimit).
import { statSync } from 'node:fs';

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

/**
 * Whether the tests still report: a stage is ended when its progress file has not grown for `quietMs` (a hang), not
 * after a total time, which a loaded machine breaks (the suite takes twice as long beside two busy loops).
 */
export class QuietLimit {
  private size = 0;
  private since: number;

  constructor(
    private readonly path: string,
    private readonly quietMs: number,
    now = Date.now(),
  ) {
    this.since = now;
  }

  /** Why the stage ends now, or undefined while its tests report. */
  check(now = Date.now()): Error | undefined {
    const size = sizeOf(this.path);
    if (size !== this.size) {
      this.size = size;
      this.since = now;
      return undefined;
    }
    return now - this.since >= this.quietMs ? new Error(`no test reported for ${Math.round(this.quietMs / 1000)} s`) : undefined;
  }
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0; // not written yet: the first test has not ended
  }
}
