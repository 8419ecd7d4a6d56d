// The words a stage prints when it did not run (`<stage>: did not run: <why>`): the stage says it once,
// test/run/all.ts finds it in the stage's output and repeats the why in its summary.
export const DID_NOT_RUN = 'did not run';

/** The why of a stage's `<stage>: did not run: <why>` line, or undefined if it ran. */
export function didNotRun(stage: string, output: string): string | undefined {
  return new RegExp(`^${stage}: ${DID_NOT_RUN}: (.*)$`, 'm').exec(output)?.[1];
}

/** What names a failed test: our host runners' `label: FAILED title: message`, node's `not ok N - title`, a spec `✖ title`. */
const FAILED = (line: string) =>
  /^[\w-]+: FAILED /.test(line) ||
  // A `# TODO` test is a known gap the run does not count as failed.
  (/^not ok \d+ - /.test(line) && !/ # TODO\b/.test(line)) ||
  (/^✖ /.test(line) && !/^✖ failing tests/.test(line));
/** Where a test's report goes on to the next test. */
const NEXT_TEST = /^(not )?ok \d+ - |^[✔✖﹣] /;
/** Its error's first line: TAP's `error: '…'` (or `error: |-` and the message below it), a spec's `SomeError: …`. */
const ERROR_LINE = /^error: (.*)$|^((?:\w*Error|Error)(?: \[\w+\])?: .*)$/;

/**
 * The failed tests, once each, with their error's first line where the output gives it (a CI log is read from its
 * summary, often all there is of it).
 */
export function failureLines(output: string, most = 20): string[] {
  const lines = output.split('\n').map((line) => line.trim());
  const found = new Map<string, string | undefined>();
  lines.forEach((line, i) => {
    if (!FAILED(line)) return;
    const message = found.get(line) ?? errorAfter(lines, i);
    found.set(line, message);
  });
  // Long enough for a wait's title and what it last saw: a CI log is often read from this summary alone.
  const cut = (line: string) => (line.length > 600 ? `${line.slice(0, 599)}…` : line);
  const unique = [...found].map(([line, message]) => cut(message && !line.includes(message) ? `${line} — ${message}` : line));
  return unique.length > most ? [...unique.slice(0, most), `… and ${unique.length - most} more`] : unique;
}

/** The first error line of the report after line `at`, before the next test's; undefined when it gives none. */
function errorAfter(lines: string[], at: number): string | undefined {
  for (let i = at + 1; i < Math.min(lines.length, at + 40) && !NEXT_TEST.test(lines[i]); i++) {
    const match = ERROR_LINE.exec(lines[i]);
    if (!match) continue;
    const said = (match[1] ?? match[2]).trim();
    // YAML's block forms put the message on the lines below.
    const text = /^[|>][-+]?$/.test(said) ? (lines[i + 1] ?? '') : said.replace(/^'(.*)'$/, '$1');
    return text.length > 400 ? `${text.slice(0, 399)}…` : text || undefined;
  }
  return undefined;
}
