// Loading the user's kubeconfig the way kubectl does, and one KubeConfig per context, so every watch and
// relay uses the context it was asked for, whatever `current-context` says.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import type { ClusterProblem, KubeContext } from '../kubeBackend';

export interface LoadedKubeconfig {
  kc: KubeConfig;
  /** A path, "KUBECONFIG", "in-cluster", or undefined when nothing was found. */
  source?: string;
  /** Why loading failed (unreadable or invalid file); the KubeConfig is then empty. */
  error?: string;
}

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * `path` (from the Kubernetes extension) or kubectl's defaults: $KUBECONFIG (merged list), ~/.kube/config,
 * then the in-cluster service account. Never throws: a broken file is reported in `error`.
 */
export function loadKubeconfig(path?: string): LoadedKubeconfig {
  const kc = new KubeConfig();
  try {
    if (path) {
      kc.loadFromFile(path);
      return { kc, source: path };
    }
    const list = (process.env.KUBECONFIG ?? '').split(delimiter).filter(Boolean);
    if (list.length > 0) {
      loadMerged(kc, list);
      return { kc, source: 'KUBECONFIG' };
    }
    const home = join(homedir(), '.kube', 'config');
    if (existsSync(home)) {
      kc.loadFromFile(home);
      return { kc, source: home };
    }
    // client-node's loadFromDefault would invent a context for http://localhost:8080 here; we report none.
    if (process.env.KUBERNETES_SERVICE_HOST && existsSync(SERVICE_ACCOUNT_TOKEN)) {
      kc.loadFromCluster();
      return { kc, source: 'in-cluster' };
    }
    return { kc };
  } catch (err) {
    return { kc: new KubeConfig(), source: path ?? 'KUBECONFIG', error: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * kubectl's merge rules for $KUBECONFIG: missing files are skipped, the first file that sets a value wins,
 * and a name already defined is not redefined (client-node's mergeConfig throws on duplicate names).
 */
function loadMerged(kc: KubeConfig, files: string[]): void {
  const clusters = new Map<string, ReturnType<KubeConfig['getClusters']>[number]>();
  const users = new Map<string, ReturnType<KubeConfig['getUsers']>[number]>();
  const contexts = new Map<string, ReturnType<KubeConfig['getContexts']>[number]>();
  let currentContext = '';
  for (const file of files) {
    if (!existsSync(file)) continue;
    const part = new KubeConfig();
    part.loadFromFile(file);
    for (const c of part.getClusters()) if (!clusters.has(c.name)) clusters.set(c.name, c);
    for (const u of part.getUsers()) if (!users.has(u.name)) users.set(u.name, u);
    for (const c of part.getContexts()) if (!contexts.has(c.name)) contexts.set(c.name, c);
    currentContext ||= part.getCurrentContext() ?? '';
  }
  kc.loadFromOptions({ clusters: [...clusters.values()], users: [...users.values()], contexts: [...contexts.values()], currentContext });
}

export function listContexts(kc: KubeConfig): KubeContext[] {
  return kc.getContexts().map((context) => {
    const cluster = kc.getCluster(context.cluster);
    return {
      name: context.name,
      cluster: context.cluster,
      server: cluster?.server ?? '',
      ...(context.namespace ? { namespace: context.namespace } : {}),
    };
  });
}

/** A KubeConfig whose current context is `name`; undefined when the kubeconfig has no such context. */
export function kubeConfigForContext(kc: KubeConfig, name: string): KubeConfig | undefined {
  const context = kc.getContextObject(name);
  if (!context) return undefined;
  const copy = new KubeConfig();
  copy.loadFromOptions({ clusters: kc.getClusters(), users: kc.getUsers(), contexts: kc.getContexts(), currentContext: name });
  copy.setCurrentContext(name);
  return copy;
}

/** The namespace kubectl would use for the current context. */
export function contextNamespace(kc: KubeConfig): string {
  return kc.getContextObject(kc.getCurrentContext())?.namespace || 'default';
}

/** The problem shown when there is no kubeconfig, it cannot be read, or it lacks the context asked for. */
export function noKubeconfigProblem(loaded: LoadedKubeconfig, context?: string): ClusterProblem {
  if (loaded.error) {
    return {
      kind: 'noKubeconfig',
      message: `The kubeconfig (${loaded.source}) cannot be read: ${loaded.error}. Fix the file or point the Kubernetes extension at another one.`,
    };
  }
  if (loaded.kc.getContexts().length === 0) {
    return {
      kind: 'noKubeconfig',
      message:
        'No kubeconfig found (KUBECONFIG, ~/.kube/config or in-cluster). Create one, e.g. with your cloud CLI or `kubectl config`, then refresh.',
    };
  }
  return {
    kind: 'noKubeconfig',
    message: `The kubeconfig (${loaded.source ?? 'default'}) has no context "${context}". Pick another context.`,
  };
}
