// The pictures the README shows, as the UI tests take them: `npm run screenshots` runs those tests with
// OCS_README_SCREENSHOTS=1, and screenshot() then also copies each of these into docs/screenshots/ (tracked).
import { join } from 'node:path';
import { repoRoot } from '../harness/paths';

export const README_SCREENSHOTS = [
  'sidebar',
  'status-bar-tooltip',
  'usage-dark',
  'usage-light',
  'usage-timeline',
  'switch-session-picker',
  'cluster',
  'demo-changes-meanwhile',
] as const;
export const README_SCREENSHOTS_DIR = 'docs/screenshots';

/** The README's copy of the screenshot `name`, or undefined when the README does not show it. */
export function readmeScreenshotPath(name: string): string | undefined {
  return (README_SCREENSHOTS as readonly string[]).includes(name) ? join(repoRoot(), README_SCREENSHOTS_DIR, `${name}.png`) : undefined;
}
