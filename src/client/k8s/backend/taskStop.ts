// Stopping a running Task the two ways kubeopencode offers: kubeopencode-server's `POST /api/v1/namespaces/{ns}/
// tasks/{name}/stop` (internal/server/handlers/task_handler.go: it checks the Task is Running, then sets the
// annotation `kubeopencode.io/stop: "true"` acting as the caller), or that annotation set directly through the
// Kubernetes API (a JSON merge patch of the Task's metadata, which needs RBAC `patch` on tasks.kubeopencode.io).
// The controller sees the annotation and ends the Task (condition Stopped, reason UserStopped).
import type { KubeConfig } from '@kubernetes/client-node';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { BackendLogger, TaskStopTarget } from '../kubeBackend';
import { MAX_REFUSAL_CHARS, readStopRefusal, type StopRefusal } from '../taskStopAnswer';
import { withoutTrailingSlashes } from '../../transport/endpoint';
import { namespacedPath } from '../kubeNames';
import { bearerToken } from './kubeopencodeServerRelay';
import { GROUP, VERSION } from './clusterProblems';

export const STOP_ANNOTATION = 'kubeopencode.io/stop';
const TIMEOUT_MS = 30_000;

/** Thrown when the route or the API server answered but did not stop the Task. */
export class TaskStopRefused extends Error {
  constructor(
    message: string,
    readonly refusal: StopRefusal,
  ) {
    super(message);
  }
}

export async function stopTask(kc: KubeConfig, target: TaskStopTarget, log: BackendLogger): Promise<'kubeopencodeServer' | 'annotation'> {
  const { namespace, name } = target;
  const label = `${namespace}/${name}`;
  // The cluster's names, checked before anything else is asked (a token, a request): `..` is no Task's name.
  const path = namespacedPath(namespace, 'tasks', 'Task', name);
  if (target.kubeopencodeServer) {
    const server = withoutTrailingSlashes(target.kubeopencodeServer);
    if (!/^https?:\/\//.test(server))
      throw new Error('Set opencodeSessions.kubernetes.kubeopencodeServer to the address of kubeopencode-server (https://…).');
    const token = await bearerToken(kc);
    if (!token) throw new Error('The kubeconfig context has no bearer token, which kubeopencode-server needs.');
    const url = `${server}/api/v1/${path}/stop`;
    const answer = await send(url, { method: 'POST', headers: { authorization: `Bearer ${token}` } }, undefined);
    if (stopped(answer, 'kubeopencode-server', target)) {
      log.info(`k8s: stopped Task ${label} through kubeopencode-server`);
      return 'kubeopencodeServer';
    }
    throw refused(answer, target, 'kubeopencode-server');
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('The kubeconfig context has no cluster.');
  const url = `${withoutTrailingSlashes(cluster.server)}/apis/${GROUP}/${VERSION}/${path}`;
  const options: RequestOptions = {
    method: 'PATCH',
    headers: { 'content-type': 'application/merge-patch+json', accept: 'application/json' },
  };
  // client-node fills in the CA, client certificate, bearer token (exec/OIDC refreshed) and TLS settings.
  await kc.applyToHTTPSOptions(options);
  const answer = await send(url, options, JSON.stringify({ metadata: { annotations: { [STOP_ANNOTATION]: 'true' } } }));
  if (stopped(answer, 'the Kubernetes API server', target)) {
    log.info(`k8s: set ${STOP_ANNOTATION} on Task ${label}`);
    return 'annotation';
  }
  throw refused(answer, target, 'the Kubernetes API server');
}

interface StopAnswer {
  status: number;
  /** Its content-type. */
  type: string;
  body: string;
}

/**
 * A 2xx in JSON (both answer the Task), or with nothing in it: a sign-in page or another proxy's page answering 200 in front of them
 * stopped nothing, and saying "stopped" then would be wrong.
 */
function stopped(answer: StopAnswer, who: string, target: TaskStopTarget): boolean {
  if (answer.status < 200 || answer.status >= 300) return false;
  // No content (a 204): nothing that could be another's page.
  if (answer.status === 204 || !answer.body.trim()) return true;
  const mime = answer.type.split(';')[0].trim().toLowerCase();
  if (mime === 'application/json' || (mime.startsWith('application/') && mime.endsWith('+json'))) return true;
  const start = answer.body.slice(0, 80).replace(/\s+/g, ' ').trim();
  throw new Error(
    `${who} answered ${answer.status} with ${answer.type || 'no content type'} (${start}), not a Task: Task ${target.name} may not be stopped. Check the address (a sign-in page or another proxy in front of it?).`,
  );
}

function refused(answer: StopAnswer, target: TaskStopTarget, who: string): TaskStopRefused {
  const refusal = readStopRefusal(answer.status, answer.body);
  const { namespace, name } = target;
  const said = refusal.said ? `: ${refusal.said}` : '';
  let message: string;
  if (refusal.forbidden)
    message = `${who} refused to stop Task ${name} (${answer.status}, not allowed${said}). Ask your cluster admin for the RBAC right to patch tasks.kubeopencode.io in namespace ${namespace} (kubectl auth can-i patch tasks.kubeopencode.io -n ${namespace}), or stop it with kubectl annotate task ${name} -n ${namespace} ${STOP_ANNOTATION}=true as someone who may.`;
  else if (refusal.notRunning) message = `Task ${name} is not running any more, so there is nothing to stop${said}.`;
  else if (answer.status === 401)
    message = `${who} refused the kubeconfig credentials (401) when stopping Task ${name}; log in again or refresh the token.`;
  else if (answer.status === 404) message = `Task ${name} is not in namespace ${namespace} any more (404)${said}.`;
  else message = `${who} did not stop Task ${name} (${answer.status}${said}).`;
  return new TaskStopRefused(message, refusal);
}

/** One request; the answer's body is read up to the refusal cap (a stop's answer is small, only a refusal is read). */
function send(url: string, options: RequestOptions, body: string | undefined): Promise<StopAnswer> {
  return new Promise((resolve, reject) => {
    const go = url.startsWith('http:') ? httpRequest : httpsRequest;
    const req = go(url, { ...options, timeout: TIMEOUT_MS }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size > MAX_REFUSAL_CHARS) return;
        chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: String(res.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks)
            .toString('utf8')
            .slice(0, MAX_REFUSAL_CHARS + 1),
        }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${new URL(url).host} in ${TIMEOUT_MS / 1000} s`)));
    req.on('error', (err) => reject(new Error(`cannot reach ${new URL(url).host}: ${err.message}`)));
    req.end(body);
  });
}
