// An Agent reached through the kube-apiserver's service proxy (needs RBAC `services/proxy`): the kubeconfig's
// credentials and TLS settings, as client-node computes them, go with every request.
import type { KubeConfig } from '@kubernetes/client-node';
import type { AgentRelay, BackendLogger } from '../kubeBackend';
import { openHttpRelay } from './httpRelay';
import { withoutTrailingSlashes } from '../../transport/endpoint';
import { namespacedPath } from '../kubeNames';

/**
 * The service-proxy base URL for an Agent: its Service is named after it, with one port named `http`. Its names are
 * the cluster's: checked (kubeNames.ts).
 */
export function serviceProxyBase(server: string, namespace: string, agent: string): string {
  return `${withoutTrailingSlashes(server)}/api/v1/${namespacedPath(namespace, 'services', 'Agent', agent)}:http/proxy`;
}

export function openServiceProxyRelay(
  kc: KubeConfig,
  target: { namespace: string; agent: string; port: number },
  log: BackendLogger,
): Promise<AgentRelay> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('The kubeconfig context has no cluster.');
  return openHttpRelay(
    {
      base: serviceProxyBase(cluster.server, target.namespace, target.agent),
      name: 'the Kubernetes API server',
      server: cluster.server,
      // client-node fills in CA, client cert/key, bearer token (exec/OIDC refreshed), insecure-skip-tls-verify
      // as rejectUnauthorized, and an agent for a configured proxy-url.
      authorize: (options) => kc.applyToHTTPSOptions(options),
      label: `${target.namespace}/${target.agent}`,
    },
    log,
  );
}
