// The words a stage prints when it did not run (`<stage>: did not run: <why>`): the stage says it once,
// test/run/all.ts finds it in the stage's output and repeats the why in its summary.
export const DID_NOT_RUN = 'did not run';

/** The why of a stage's `<stage>: did not run: <why>` line, or undefined if it ran. */
export function didNotRun(stage: string, output: string): string | undefined {
  return new RegExp(`^${stage}: ${DID_NOT_RUN}: (.*)$`, 'm').exec(output)?.[1];
}
