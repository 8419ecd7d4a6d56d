// An Agent reached through kubeopencode-server (`kubeoc agent attach`, an Ingress): it proxies
// /api/v1/namespaces/{ns}/agents/{name}/proxy/* to the Agent's OpenCode server for a caller whose bearer token it
// checks with a TokenReview and acts for by impersonation, so a user whose RBAC has no `services/proxy` gets in.
// It has its own address and certificate: only the kubeconfig's bearer token goes there, never the cluster's CA or
// client certificate.
import type { KubeConfig } from '@kubernetes/client-node';
import type { RequestOptions } from 'node:https';
import type { AgentRelay, BackendLogger } from '../kubeBackend';
import { openHttpRelay } from './httpRelay';
import { withoutTrailingSlashes } from '../../transport/endpoint';
import { namespacedPath } from '../kubeNames';

/** Its names are the cluster's: checked (kubeNames.ts). */
export function kubeopencodeServerBase(server: string, namespace: string, agent: string): string {
  return `${withoutTrailingSlashes(server)}/api/v1/${namespacedPath(namespace, 'agents', 'Agent', agent)}/proxy`;
}

export function openKubeopencodeServerRelay(
  kc: KubeConfig,
  server: string | undefined,
  target: { namespace: string; agent: string },
  log: BackendLogger,
): Promise<AgentRelay> {
  if (!server || !/^https?:\/\//.test(server))
    throw new Error('Set opencodeSessions.kubernetes.kubeopencodeServer to the address of kubeopencode-server (https://…).');
  return openHttpRelay(
    {
      base: kubeopencodeServerBase(server, target.namespace, target.agent),
      name: 'kubeopencode-server',
      server,
      authorize: async (options) => {
        const token = await bearerToken(kc);
        if (!token) throw new Error('the kubeconfig context has no bearer token, which kubeopencode-server needs');
        options.headers = { ...(options.headers as Record<string, string>), authorization: `Bearer ${token}` };
      },
      label: `${target.namespace}/${target.agent}`,
    },
    log,
  );
}

/** The kubeconfig user's bearer token (a token, or one from exec/OIDC, refreshed by client-node). */
export async function bearerToken(kc: KubeConfig): Promise<string | undefined> {
  const options: RequestOptions = { headers: {} };
  await kc.applyToHTTPSOptions(options);
  const header =
    (options.headers as Record<string, string | undefined>)?.Authorization ??
    (options.headers as Record<string, string | undefined>)?.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
}
