// A registration counts once its server confirms it, as OpenCode's own client does (packages/client/src/
// service-probe.ts@1066927, `probeResult()`): its identity (identity.ts), asked with Basic `opencode:<password>`,
// names the registered pid, and the registered version when the file names one. A 2.x release answers on its info
// route; the older 2-line build, which had only its health route, is asked there when the info route is missing. A
// registration whose process runs but whose server answers otherwise is reported with what it answered, not dropped
// in silence.
import { askIdentity, IDENTITY_ROUTES } from './identity';
import { registeredListenerProblem, type ProcReader } from './portListener';
import { readRegistration, registrationFiles, serviceStateDir, type ReadOptions, type ServiceRegistration } from './serviceRegistration';

export interface FoundService {
  registration: ServiceRegistration;
  /** What its server says it runs. */
  version: string;
}

export interface FindResult {
  service?: FoundService;
  /**
   * The first registration that is there, with its process running, whose server does not confirm it: shown
   * (offline, with `reason`) so the user sees it and can retry, never connected to until it confirms.
   */
  unconfirmed?: { registration: ServiceRegistration; reason: string };
  /** One line per registration that was there but not used (never with the password). */
  ignored: string[];
}

export interface FindOptions extends ReadOptions {
  env?: NodeJS.ProcessEnv;
  /** Where listeners are read (tests give their own /proc). */
  proc?: ProcReader;
  home?: string;
  timeoutMs?: number;
}

/** service-timing.ts's request timeout is about this. */
const PROBE_TIMEOUT_MS = 2000;

/** The first registration, in `registrationFiles()` order, whose server confirms it. */
export async function findService(options: FindOptions = {}): Promise<FindResult> {
  const ignored: string[] = [];
  let unconfirmed: FindResult['unconfirmed'];
  for (const file of registrationFiles(serviceStateDir(options.env, options.home))) {
    const read = readRegistration(file, options);
    if (read.kind === 'missing') continue;
    if (read.kind === 'ignored') {
      ignored.push(`Ignored the OpenCode 2 service registration ${file}: ${read.reason}.`);
      continue;
    }
    const identity = await confirmRegistration(read.registration, options.timeoutMs, options.proc);
    if (typeof identity === 'string') {
      ignored.push(`The OpenCode 2 service registered in ${file} does not confirm it: ${identity}.`);
      unconfirmed ??= { registration: read.registration, reason: identity };
      continue;
    }
    return { service: { registration: read.registration, version: identity.version }, ignored };
  }
  return { ...(unconfirmed && { unconfirmed }), ignored };
}

/** Its identity if the server confirms the registration, else what it answered, in words. */
export async function confirmRegistration(
  registration: ServiceRegistration,
  timeoutMs = PROBE_TIMEOUT_MS,
  proc?: ProcReader,
): Promise<{ version: string } | string> {
  // The password goes only to the registered process: once the service is gone, anyone may listen on its port.
  const listener = registeredListenerProblem(registration.url, registration.pid, proc);
  if (listener) return listener;
  const endpoint = { url: registration.url, password: registration.password };
  const options = { timeoutMs, redirect: 'manual' as const };
  const [infoRoute, healthRoute] = IDENTITY_ROUTES.v2;
  const info = await askIdentity(endpoint, infoRoute, options);
  // 404: not a 2.x release; the older 2-line build answered its health route instead.
  const answer = info.status === 404 ? await askIdentity(endpoint, healthRoute, options) : info;
  if (answer.status === undefined) return `nothing answers at ${registration.url}`;
  if (answer.status === 401) return `${registration.url} refuses its password (HTTP 401)`;
  if (answer.status < 200 || answer.status >= 300)
    return info.status === 404
      ? `${registration.url} answers HTTP 404 on ${infoRoute.path} and HTTP ${answer.status} on ${healthRoute.path}: not an OpenCode 2 service this extension knows`
      : `${registration.url}${answer.route.path} answers HTTP ${answer.status}`;
  // A service names its process and its version (1.x's health, which names no pid, is not one).
  const { version, pid } = answer.identity ?? {};
  if (version === undefined || pid === undefined) return `${registration.url}${answer.route.path} is not OpenCode 2's identity answer`;
  if (pid !== registration.pid) return `${registration.url} is served by process ${pid}, not the registered ${registration.pid}`;
  if (registration.version !== undefined && version !== registration.version)
    return `${registration.url} runs version ${version}, not the registered ${registration.version}`;
  return { version };
}
