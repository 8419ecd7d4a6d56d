// Keeps a context's kubeopencode Agents and Tasks current and hands out a full snapshot after each change:
// one ResourceStream per resource and scope, a fall-back to the context's namespace when cluster-wide
// lists are forbidden, and problems ranked so the tree shows the one the user must fix first.
import type { KubeConfig } from '@kubernetes/client-node';
import type { AgentObject, KubeEventObject, TaskObject } from '../../../store/k8s/kubeObjects';
import type { BackendLogger, ClusterProblem, ClusterProblemKind, ClusterSnapshot, Disposable, WatchClusterOptions } from '../kubeBackend';
import { confirmCrdsMissing, errorMessage, forbidden, httpStatus, unauthorized, unreachable, type ProblemScope } from './clusterProblems';
import { contextNamespace } from './kubeconfig';
import { DEFAULT_TIMING, ResourceStream, type KubeItem, type Plural, type StreamTiming } from './resourceStream';

const PLURALS: Plural[] = ['agents', 'tasks'];

/** Events about kubeopencode's own objects; a namespace's other Events are not kept. */
const aboutKubeopencode = (item: KubeItem): boolean => {
  const regarding = (item as unknown as KubeEventObject).regarding;
  return !!regarding?.apiVersion?.startsWith('kubeopencode.io/') && (regarding.kind === 'Agent' || regarding.kind === 'Task');
};

/** localeCompare's order, with the collator made once (localeCompare looks it up on every call). */
const byName = new Intl.Collator();

/** Most urgent first: nothing else can be read while the credentials are rejected or kubeopencode is absent. */
const RANK: ClusterProblemKind[] = ['noKubeconfig', 'unauthorized', 'crdsMissing', 'forbidden', 'unreachable'];

/** `kc` must have `options.context` as its current context (see kubeConfigForContext). */
export function watchCluster(
  kc: KubeConfig,
  options: WatchClusterOptions,
  log: BackendLogger,
  listener: (snapshot: ClusterSnapshot) => void,
  timing: StreamTiming = DEFAULT_TIMING,
): Disposable {
  const server = kc.getCurrentCluster()?.server ?? '(no server)';
  const ownNamespace = contextNamespace(kc);
  const configured = [...new Set(options.namespaces)];
  let fallback: ClusterSnapshot['fallback'];
  let streams: ResourceStream[] = [];
  let disposed = false;
  let pending = false;
  let lastProblem: ClusterProblem | undefined;
  let wasOnline = false;

  const start = (namespaces: (string | undefined)[]) => {
    for (const s of streams) s.dispose();
    streams = namespaces.flatMap((ns) => [
      ...PLURALS.map((plural) => new ResourceStream(kc, plural, ns, { changed: schedule, failed, expired }, timing)),
      new ResourceStream(kc, 'events', ns, { changed: schedule, failed: eventsFailed, expired }, timing, aboutKubeopencode),
    ]);
    for (const s of streams) s.start();
  };

  const expired = (stream: ResourceStream) =>
    log.info(
      `k8s ${options.context}: the watch of ${stream.plural} in ${stream.namespace ?? 'all namespaces'} expired (410 Gone); listing again`,
    );

  const failed = async (stream: ResourceStream, err: unknown): Promise<ClusterProblem | undefined> => {
    const status = httpStatus(err);
    const scope: ProblemScope = { server, context: options.context, namespace: stream.namespace, plural: stream.plural };
    if (status === 403 && stream.namespace === undefined) {
      if (!fallback && !disposed) {
        // A namespace-scoped account: show what kubectl would show by default instead of nothing.
        fallback = { from: 'allNamespaces', reason: errorMessage(err) };
        log.warn(`k8s ${options.context}: cluster-wide list forbidden, showing namespace "${ownNamespace}" (${fallback.reason})`);
        start([ownNamespace]);
        schedule();
      }
      return undefined;
    }
    if (status === 401) return unauthorized(scope);
    if (status === 403) return forbidden(err, scope);
    if (status === 404) {
      try {
        return (await confirmCrdsMissing(kc)) ?? unreachable(err, scope);
      } catch (discoveryErr) {
        return unreachable(discoveryErr, scope);
      }
    }
    return unreachable(err, scope);
  };

  // Events only add to tooltips: a cluster whose Events cannot be read is not a cluster with a problem. Refused
  // (401, 403, 404): said once, and that stream stops; anything else is retried quietly.
  const eventsFailed = (stream: ResourceStream, err: unknown): Promise<ClusterProblem | undefined> => {
    const status = httpStatus(err);
    if (status === 401 || status === 403 || status === 404) {
      log.info(`k8s ${options.context}: no Events for tooltips in ${stream.namespace ?? 'all namespaces'}: ${errorMessage(err)}`);
      return Promise.resolve(undefined);
    }
    return Promise.resolve(unreachable(err, { server, context: options.context, namespace: stream.namespace, plural: stream.plural }));
  };

  // When the last snapshot was made and what it cost: the next waits ten times that, so a watch of thousands of
  // events builds (and sorts) a few snapshots, not one per chunk of events.
  let lastEmit = 0;
  let lastCost = 0;
  function schedule(): void {
    if (pending || disposed) return;
    pending = true;
    // Bursts (a list's worth of watch events, both resources failing together) become one snapshot.
    const wait = Math.min(1000, lastEmit + 10 * lastCost - performance.now());
    const run = () => {
      pending = false;
      if (!disposed) emit();
    };
    if (wait > 0) setTimeout(run, wait);
    else setImmediate(run);
  }

  const emit = () => {
    const started = performance.now();
    const snapshot = build();
    lastEmit = performance.now();
    lastCost = lastEmit - started;
    logTransition(snapshot);
    try {
      listener(snapshot);
    } catch (err) {
      log.warn(`k8s ${options.context}: snapshot listener failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const logTransition = (snapshot: ClusterSnapshot) => {
    if (snapshot.problem && (snapshot.problem.kind !== lastProblem?.kind || snapshot.problem.message !== lastProblem.message)) {
      log.warn(`k8s ${options.context}: ${snapshot.problem.kind}: ${snapshot.problem.message}`);
    }
    if (snapshot.state === 'online' && !wasOnline)
      log.info(`k8s ${options.context}: online, ${snapshot.agents.length} agents, ${snapshot.tasks.length} tasks`);
    lastProblem = snapshot.problem;
    wasOnline = snapshot.state === 'online';
  };

  const build = (): ClusterSnapshot => {
    const agents = collect('agents') as unknown as AgentObject[];
    const tasks = collect('tasks') as unknown as TaskObject[];
    const events = collect('events') as unknown as KubeEventObject[];
    const main = streams.filter((s) => s.plural !== 'events');
    const problems = main.map((s) => s.problem).filter((p): p is ClusterProblem => p !== undefined);
    const problem = problems.sort((a, b) => RANK.indexOf(a.kind) - RANK.indexOf(b.kind))[0];
    const state = problem ? 'problem' : main.every((s) => s.listed) ? 'online' : 'connecting';
    return {
      state,
      ...(problem ? { problem } : {}),
      namespaces: shownNamespaces(agents, tasks),
      ...(fallback ? { fallback } : {}),
      agents,
      tasks,
      events,
    };
  };

  const collect = (plural: Plural): KubeItem[] => {
    const items = streams.filter((s) => s.plural === plural).flatMap((s) => [...s.objects.values()]);
    return items.sort(
      (a, b) => byName.compare(a.metadata.namespace, b.metadata.namespace) || byName.compare(a.metadata.name, b.metadata.name),
    );
  };

  const shownNamespaces = (agents: AgentObject[], tasks: TaskObject[]): string[] => {
    if (fallback) return [ownNamespace];
    if (configured.length > 0) return [...configured];
    const all = new Set<string>([ownNamespace]);
    for (const o of [...agents, ...tasks]) all.add(o.metadata.namespace);
    return [...all].sort();
  };

  start(configured.length > 0 ? configured : [undefined]);
  schedule();

  return {
    dispose: () => {
      disposed = true;
      for (const s of streams) s.dispose();
      streams = [];
    },
  };
}
