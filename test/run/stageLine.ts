// The words a stage prints when it did not run (`<stage>: did not run: <why>`): the stage says it once,
// test/run/all.ts finds it in the stage's output and repeats the why in its summary.
export const DID_NOT_RUN = 'did not run';

/** The why of a stage's `<stage>: did not run: <why>` line, or undefined if it ran. */
export function didNotRun(stage: string, output: string): string | undefined {
  return new RegExp(`^${stage}: ${DID_NOT_RUN}: (.*)$`, 'm').exec(output)?.[1];
}

/** What names a failed test: our host runners' `label: FAILED title: message`, node's `not ok N - title`, a spec `✖ title`. */
export function failureLines(output: string, most = 20): string[] {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^[\w-]+: FAILED /.test(line) || /^not ok \d+ - /.test(line) || (/^✖ /.test(line) && !/^✖ failing tests/.test(line)));
  const unique = [...new Set(lines.map((line) => (line.length > 300 ? `${line.slice(0, 299)}…` : line)))];
  return unique.length > most ? [...unique.slice(0, most), `… and ${unique.length - most} more`] : unique;
}
