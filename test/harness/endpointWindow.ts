// A second VS Code window's status endpoint, in a plain Node process: the extension's own
// serveStatusEndpoint (no `vscode` in it) with this window's folders, answering every session with a status
// whose hour budget of $7 marks it as this window's. Started by test/harness/endpointWindows.ts; prints its
// discovery entry once it is written, and removes it when stopped (SIGTERM), as a closing window does.
//   node out/test/harness/endpointWindow.js <entries folder> <workspace folder>...
import { serveStatusEndpoint } from '../../src/api/serveStatusEndpoint';
import type { SessionStatus } from '../../src/store/sessionStatus';
import { MARK_LIMIT } from './endpointWindows';

const [dir, ...folders] = process.argv.slice(2);
const log = { info: () => undefined, warn: (m: string) => console.error(m), error: (m: string) => console.error(m) };
const host = serveStatusEndpoint(
  (id, scope) =>
    Promise.resolve({
      session: { id, rootId: id },
      scope,
      budgets: { session: null, hour: { used: 1, limit: MARK_LIMIT, percent: 14.3, remaining: 6, resetsAt: null }, day: null, week: null },
    } as unknown as SessionStatus),
  log,
  () => folders,
  dir,
);
void host.ready.then((endpoint) => console.log(endpoint ? `ready ${host.file}` : 'failed'));
process.on('SIGTERM', () => void host.dispose().then(() => process.exit(0)));
