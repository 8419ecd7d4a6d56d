// A registration counts once its server confirms it, as OpenCode's client does (packages/client/src/effect/
// service.ts@b6226260, `probeResult()`): `GET /api/health` with Basic `opencode:<password>` answers
// `{healthy: true, version, pid}` (packages/protocol/src/groups/health.ts `ServiceStatus.Health`), with the
// registered pid, and the registered version when the file names one. Only a 2xx answer is "ready".
import { deadline } from '../deadline';
import { authHeaders } from '../endpoint';
import { readRegistration, registrationFiles, serviceStateDir, type ReadOptions, type ServiceRegistration } from './serviceRegistration';

export interface FoundService {
  registration: ServiceRegistration;
  /** What `/api/health` says. */
  version: string;
}

export interface FindResult {
  service?: FoundService;
  /** One line per registration that was there but not used (never with the password). */
  ignored: string[];
}

export interface FindOptions extends ReadOptions {
  env?: NodeJS.ProcessEnv;
  home?: string;
  timeoutMs?: number;
}

/** service.ts waits 2 s for the health answer. */
const HEALTH_TIMEOUT_MS = 2000;

/** The first registration, in `registrationFiles()` order, whose server confirms it. */
export async function findService(options: FindOptions = {}): Promise<FindResult> {
  const ignored: string[] = [];
  for (const file of registrationFiles(serviceStateDir(options.env, options.home))) {
    const read = readRegistration(file, options);
    if (read.kind === 'missing') continue;
    if (read.kind === 'ignored') {
      ignored.push(`Ignored the OpenCode 2 service registration ${file}: ${read.reason}.`);
      continue;
    }
    const health = await confirmRegistration(read.registration, options.timeoutMs);
    if (typeof health === 'string') {
      ignored.push(`Ignored the OpenCode 2 service registration ${file}: ${health}.`);
      continue;
    }
    return { service: { registration: read.registration, version: health.version }, ignored };
  }
  return { ignored };
}

/** The health answer if it confirms the registration, else why not. */
export async function confirmRegistration(
  registration: ServiceRegistration,
  timeoutMs = HEALTH_TIMEOUT_MS,
): Promise<{ version: string } | string> {
  const where = new URL('/api/health', registration.url).toString();
  let response: Response;
  try {
    response = await fetch(where, {
      headers: authHeaders({ url: registration.url, password: registration.password }),
      signal: deadline(timeoutMs),
      redirect: 'manual',
    });
  } catch {
    return `nothing answers at ${registration.url}`;
  }
  try {
    if (response.status === 401) return `${registration.url} refuses its password (HTTP 401)`;
    if (!response.ok) return `${registration.url}/api/health answers HTTP ${response.status}`;
    const health = serviceHealth(await readJson(response));
    if (!health) return `${registration.url}/api/health is not OpenCode 2's health answer`;
    if (health.pid !== registration.pid)
      return `${registration.url} is served by process ${health.pid}, not the registered ${registration.pid}`;
    if (registration.version !== undefined && health.version !== registration.version)
      return `${registration.url} runs version ${health.version}, not the registered ${registration.version}`;
    return { version: health.version };
  } finally {
    await response.body?.cancel().catch(() => undefined);
  }
}

/** `{healthy: true, version, pid}` (health.ts `ServiceStatus.Health`), else undefined. */
export function serviceHealth(body: unknown): { version: string; pid: number } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { healthy, version, pid } = body as Record<string, unknown>;
  if (healthy !== true || typeof version !== 'string' || typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return undefined;
  return { version, pid };
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return JSON.parse((await response.text()).slice(0, 10_000));
  } catch {
    return undefined;
  }
}
