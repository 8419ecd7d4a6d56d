// Entry point of dist/k8s.js: the only code that loads @kubernetes/client-node (never `vscode`). Wires the
// kubeconfig, the cluster watchers and the relays, and disposes whatever is still open with the backend.
import type { KubeConfig } from '@kubernetes/client-node';
import type {
  AgentRelay,
  ClusterSnapshot,
  Disposable,
  KubeBackend,
  KubeBackendOptions,
  RelayTarget,
  TaskStopTarget,
  WatchClusterOptions,
} from '../kubeBackend';
import { watchCluster } from './clusterWatcher';
import { kubeConfigForContext, listContexts, loadKubeconfig, noKubeconfigProblem } from './kubeconfig';
import { openPortForwardRelay } from './portForwardRelay';
import { openKubeopencodeServerRelay } from './kubeopencodeServerRelay';
import { openServiceProxyRelay } from './serviceProxyRelay';
import { stopTask } from './taskStop';

export function createKubeBackend(options: KubeBackendOptions): KubeBackend {
  const { log } = options;
  const loaded = loadKubeconfig(options.kubeconfigPath);
  if (loaded.error) log.warn(`k8s: kubeconfig ${loaded.source}: ${loaded.error}`);
  else log.info(`k8s: kubeconfig ${loaded.source ?? '(none)'}, ${loaded.kc.getContexts().length} contexts`);
  // One KubeConfig per context, so exec/OIDC token caches are shared by its watches and relays.
  const perContext = new Map<string, KubeConfig>();
  const open = new Set<Disposable>();

  const forContext = (name: string): KubeConfig | undefined => {
    let kc = perContext.get(name);
    if (!kc) {
      kc = kubeConfigForContext(loaded.kc, name);
      if (kc) perContext.set(name, kc);
    }
    return kc;
  };

  const track = <T extends Disposable>(item: T): T => {
    open.add(item);
    const dispose = item.dispose.bind(item);
    item.dispose = () => {
      open.delete(item);
      dispose();
    };
    return item;
  };

  return {
    contexts: () => listContexts(loaded.kc),
    currentContext: () => (loaded.kc.getContextObject(loaded.kc.getCurrentContext()) ? loaded.kc.getCurrentContext() : undefined),
    source: () => loaded.source,

    watchCluster: (watchOptions: WatchClusterOptions, listener: (snapshot: ClusterSnapshot) => void): Disposable => {
      const kc = forContext(watchOptions.context);
      if (!kc) {
        // Still a snapshot, delivered asynchronously like every other, so the tree can show the problem.
        const problem = noKubeconfigProblem(loaded, watchOptions.context);
        const timer = setImmediate(() =>
          listener({ state: 'problem', problem, namespaces: [...watchOptions.namespaces], agents: [], tasks: [], events: [] }),
        );
        return track({ dispose: () => clearImmediate(timer) });
      }
      return track(watchCluster(kc, watchOptions, log, listener));
    },

    openRelay: async (target: RelayTarget): Promise<AgentRelay> => {
      const kc = forContext(target.context);
      if (!kc) throw new Error(noKubeconfigProblem(loaded, target.context).message);
      const where = { namespace: target.namespace, agent: target.agent, port: target.port };
      const relay =
        target.access === 'portForward'
          ? await openPortForwardRelay(kc, where, log)
          : target.access === 'kubeopencodeServer'
            ? await openKubeopencodeServerRelay(kc, target.kubeopencodeServer, where, log)
            : await openServiceProxyRelay(kc, where, log);
      return track(relay);
    },

    stopTask: (target: TaskStopTarget) => {
      const kc = forContext(target.context);
      if (!kc) return Promise.reject(new Error(noKubeconfigProblem(loaded, target.context).message));
      return stopTask(kc, target, log);
    },

    dispose: () => {
      for (const item of [...open]) item.dispose();
    },
  };
}
