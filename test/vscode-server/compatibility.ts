// The compatibility table `npm run test:servers` writes: each extension-host test is mapped to a feature by
// its suite (describe) title, and by its own title where one suite covers several features.

export interface TestOutcome {
  fullTitle: string;
  title: string;
  passed: boolean;
}

export interface VersionRun {
  version: string;
  /** The column's heading, when it is not `OpenCode <version>` (OpenCode 2's shapes on an older engine). */
  column?: string;
  /** The tests that ran; empty when the run gave no result (see `error`). */
  tests: TestOutcome[];
  /** Why the version has no (complete) result: install failed, the stage crashed, … */
  error?: string;
}

interface Rule {
  feature: string;
  suite: RegExp;
  test?: RegExp;
}

// First match wins; the order is also the table's row order.
const RULES: Rule[] = [
  { feature: 'Tree & badges', suite: /^(Session tree on|Session states|smoke against)/, test: /^(?!.*\blive\b)/i },
  { feature: 'Live updates', suite: /^(Session tree on|smoke against)/ },
  { feature: 'Grouping, sorting, filtering', suite: /^Session tree views/ },
  { feature: 'Abort', suite: /^Session actions/, test: /\babort/i },
  { feature: 'Compaction', suite: /^Session actions/, test: /compact/i },
  { feature: 'Rename, fork, delete', suite: /^Session actions/ },
  { feature: 'Permissions inbox', suite: /^Pending requests/ },
  { feature: 'Questions as forms (2.x)', suite: /^OpenCode 2 forms/ },
  { feature: 'Changes', suite: /^Session changes/ },
  { feature: 'Usage', suite: /^Usage (trends|panel)/ },
  { feature: 'Budgets', suite: /^Budgets/ },
  { feature: 'Forecasts, Go windows', suite: /^Forecasts/ },
  { feature: 'session_status plugin', suite: /^Session status API/ },
  { feature: 'Connections & faults', suite: /^(Connections|Faults)/ },
  { feature: 'Local server', suite: /^Local server/ },
  { feature: 'Found from service.json (2.x)', suite: /^Discovery: the OpenCode 2 service/ },
  { feature: 'Cluster', suite: /^Kubernetes/ },
  { feature: 'OpenCode API v2', suite: /^OpenCode API v2/ },
  { feature: 'Load', suite: /^load/ },
  { feature: 'Activation', suite: /^smoke/ },
];

/** The feature a test belongs to; an unmapped suite is its own feature (named by its first words). */
export function featureOf({ fullTitle, title }: Pick<TestOutcome, 'fullTitle' | 'title'>): string {
  const suite = fullTitle.endsWith(title) ? fullTitle.slice(0, -title.length).trim() : fullTitle;
  const rule = RULES.find((r) => r.suite.test(suite) && (!r.test || r.test.test(title)));
  return rule?.feature ?? (suite.split(':')[0] || suite);
}

/** Markdown: one row per feature tested, one column per version; ✓, or ✗ with how many failed. */
export function compatibilityTable(runs: VersionRun[]): string {
  const order = RULES.map((r) => r.feature);
  const rank = (f: string) => (order.includes(f) ? order.indexOf(f) : order.length);
  const features = [...new Set(runs.flatMap((run) => run.tests.map(featureOf)))].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const cell = (run: VersionRun, feature: string | undefined) => {
    if (run.error && run.tests.length === 0) return '✗ no result';
    const tests = run.tests.filter((t) => feature === undefined || featureOf(t) === feature);
    if (tests.length === 0) return '–';
    const failed = tests.filter((t) => !t.passed).length;
    return failed ? `✗ ${failed} of ${tests.length} failed` : `✓ ${tests.length}`;
  };
  const lines = [
    `| Feature | ${runs.map(heading).join(' | ')} |`,
    `| --- |${runs.map(() => ' --- |').join('')}`,
    ...features.map((f) => `| ${f} | ${runs.map((r) => cell(r, f)).join(' | ')} |`),
    `| **All tests run** | ${runs.map((r) => `**${cell(r, undefined)}**`).join(' | ')} |`,
  ];
  const notes = runs.filter((r) => r.error).map((r) => `- ${heading(r)}: ${r.error}`);
  return [...lines, ...(notes.length ? ['', ...notes] : [])].join('\n');
}

function heading(run: VersionRun): string {
  return run.column ?? `OpenCode ${run.version}`;
}

export const README_BEGIN = '<!-- compatibility:begin (written by npm run test:servers -- --write-readme) -->';
export const README_END = '<!-- compatibility:end -->';

/** `readme` with `content` between the markers; throws when they are missing, so nothing lands elsewhere. */
export function replaceBetweenMarkers(readme: string, content: string): string {
  const begin = readme.indexOf(README_BEGIN);
  const end = readme.indexOf(README_END);
  if (begin < 0 || end < begin) throw new Error(`docs/compatibility.md lacks the markers ${README_BEGIN} … ${README_END}`);
  return `${readme.slice(0, begin + README_BEGIN.length)}\n${content}\n${readme.slice(end)}`;
}
