// A registration counts once its server confirms it, as OpenCode's own client does (packages/client/src/
// service-probe.ts@1066927, `probeResult()`): `GET /api/info` with Basic `opencode:<password>` answers `{version,
// pid, urls, paths}` (packages/protocol/src/groups/server.ts `ServerInfo`, not wrapped in `data`) with the
// registered pid, and the registered version when the file names one. 2.x releases have no `/api/health` (404); the
// older 2-line build had only that (`{healthy, version, pid}`), asked when `/api/info` is missing. A registration
// whose process runs but whose server answers otherwise is reported with what it answered, not dropped in silence.
import { readCappedText } from '../transport/cappedBody';
import { deadline } from '../transport/deadline';
import { authHeaders } from '../transport/endpoint';
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
/** An identity answer is tens of bytes: whatever holds the port cannot make the probe read more than this. */
const MAX_ANSWER_BYTES = 64 * 1024;

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
  const info = await askIdentity(registration, '/api/info', timeoutMs);
  // 404: not a 2.x release; the older 2-line build answered `/api/health` instead.
  const answer = info.status === 404 ? await askIdentity(registration, '/api/health', timeoutMs) : info;
  if (answer.status === undefined) return answer.reason;
  if (answer.status === 401) return `${registration.url} refuses its password (HTTP 401)`;
  if (answer.status < 200 || answer.status >= 300)
    return info.status === 404
      ? `${registration.url} answers HTTP 404 on /api/info and HTTP ${answer.status} on /api/health: not an OpenCode 2 service this extension knows`
      : `${registration.url}${answer.path} answers HTTP ${answer.status}`;
  const identity = serviceIdentity(answer.body);
  if (!identity) return `${registration.url}${answer.path} is not OpenCode 2's identity answer`;
  if (identity.pid !== registration.pid)
    return `${registration.url} is served by process ${identity.pid}, not the registered ${registration.pid}`;
  if (registration.version !== undefined && identity.version !== registration.version)
    return `${registration.url} runs version ${identity.version}, not the registered ${registration.version}`;
  return { version: identity.version };
}

/**
 * `/api/info`'s `{version, pid, …}` (pid ≥ 0: 0 is a runtime without a process, server.ts), or the older build's
 * `/api/health` `{healthy: true, version, pid}`; undefined for anything else (1.x's health has no pid).
 */
export function serviceIdentity(body: unknown): { version: string; pid: number } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { healthy, version, pid } = body as Record<string, unknown>;
  if (healthy !== undefined && healthy !== true) return undefined;
  if (typeof version !== 'string' || typeof pid !== 'number' || !Number.isInteger(pid) || pid < 0) return undefined;
  return { version, pid };
}

interface Answer {
  path: string;
  /** Undefined when nothing answered (then `reason` says so). */
  status?: number;
  body?: unknown;
  reason: string;
}

async function askIdentity(registration: ServiceRegistration, path: string, timeoutMs: number): Promise<Answer> {
  let response: Response;
  try {
    response = await fetch(new URL(path, registration.url), {
      headers: authHeaders({ url: registration.url, password: registration.password }),
      signal: deadline(timeoutMs),
      redirect: 'manual',
    });
  } catch {
    return { path, reason: `nothing answers at ${registration.url}` };
  }
  try {
    const text = response.ok ? await readCappedText(response, 'Service identity', MAX_ANSWER_BYTES).catch(() => '') : '';
    return { path, status: response.status, body: parseJson(text), reason: '' };
  } finally {
    await response.body?.cancel().catch(() => undefined);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
