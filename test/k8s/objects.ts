// Factories for kubeopencode's objects (kubeopencode.io/v1alpha1 Agent and Task) and the Pods behind them,
// in the shapes a real kube-apiserver with kubeopencode's CRDs returns. The stand-in sets resourceVersion.
import { randomUUID } from 'node:crypto';

export const GROUP = 'kubeopencode.io';
export const VERSION = 'v1alpha1';
export const API_VERSION = `${GROUP}/${VERSION}`;
/** The label kubeopencode puts on an Agent's Tasks and Pods. */
export const AGENT_LABEL = 'kubeopencode.io/agent';

export interface ObjectMeta {
  name: string;
  namespace: string;
  uid: string;
  resourceVersion: string;
  creationTimestamp: string;
  labels?: Record<string, string>;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime: string;
}

export interface TokenUsage {
  input: number;
  output: number;
  reasoning: number;
  /** Cache read + cache write, added together (as kubeopencode reports it). */
  cache: number;
}

export interface SessionSummary {
  messageCount: number;
  tokenUsage: TokenUsage;
  /** USD as a decimal string, e.g. "0.012300". */
  cost: string;
  filesChanged: number;
  additions: number;
  deletions: number;
}

/** The summary as kubeopencode's docs show it (docs/features/task-session): cost a number, tokens one integer. */
export interface DocsSessionSummary extends Omit<SessionSummary, 'tokenUsage' | 'cost'> {
  tokenUsage: number;
  cost: number;
}

const CREATED = '2026-01-01T00:00:00Z';

/** A finished Task's summary the backend suites use: 4 messages, 2,350 tokens, $0.0123. */
export const SAMPLE_SUMMARY: SessionSummary = {
  messageCount: 4,
  tokenUsage: { input: 1200, output: 300, reasoning: 50, cache: 800 },
  cost: '0.012300',
  filesChanged: 2,
  additions: 10,
  deletions: 3,
};

function meta(name: string, namespace: string, labels?: Record<string, string>): ObjectMeta {
  return { name, namespace, uid: randomUUID(), resourceVersion: '0', creationTimestamp: CREATED, ...(labels ? { labels } : {}) };
}

export function condition(type: string, status: boolean, reason: string, message = ''): Condition {
  return { type, status: status ? 'True' : 'False', reason, message, lastTransitionTime: CREATED };
}

export interface AgentOptions {
  port?: number;
  ready?: boolean;
  suspended?: boolean;
  idleSince?: string;
  clusterDomain?: string;
  /** spec.suspend: its owner suspended it. */
  suspend?: boolean;
  /** spec.standby.idleTimeout. */
  standbyAfter?: string;
}

export function agent(name: string, namespace: string, options: AgentOptions = {}): KubeObject {
  const port = options.port ?? 4096;
  const ready = options.ready ?? true;
  const suspended = options.suspended ?? false;
  const domain = options.clusterDomain ?? 'cluster.local';
  return {
    apiVersion: API_VERSION,
    kind: 'Agent',
    metadata: meta(name, namespace),
    spec: {
      port,
      ...(options.suspend !== undefined ? { suspend: options.suspend } : {}),
      ...(options.standbyAfter ? { standby: { idleTimeout: options.standbyAfter } } : {}),
    },
    status: {
      url: `http://${name}.${namespace}.svc.${domain}:${port}`,
      serviceName: name,
      deploymentName: `${name}-server`,
      ready,
      suspended,
      ...(options.idleSince ? { idleSince: options.idleSince } : {}),
      conditions: [
        condition('ServerReady', ready, ready ? 'DeploymentReady' : 'DeploymentNotReady'),
        condition('ServerHealthy', ready, ready ? 'HealthCheckPassed' : 'HealthCheckFailed'),
        condition('Suspended', suspended, suspended ? 'Suspended' : 'Active'),
      ],
    },
  };
}

/** kubeopencode's session title while a Task runs: kubeopencode/<namespace>/<task>/<8 chars of uid>. */
export function sessionTitle(task: KubeObject): string {
  return `kubeopencode/${task.metadata.namespace}/${task.metadata.name}/${task.metadata.uid.slice(0, 8)}`;
}

function task(name: string, namespace: string, spec: Record<string, unknown>, labels?: Record<string, string>): KubeObject {
  return { apiVersion: API_VERSION, kind: 'Task', metadata: meta(name, namespace, labels), spec };
}

/** An agentRef Task that is running: its session has only a title yet. */
export function runningTask(name: string, namespace: string, agentName: string, startTime = CREATED): KubeObject {
  const t = task(name, namespace, { agentRef: { name: agentName }, description: `work for ${name}` }, { [AGENT_LABEL]: agentName });
  t.status = {
    phase: 'Running',
    // kubeopencode's resolved Agent (spec.agentRef, a template's, or the namespace's default).
    agentRef: { name: agentName },
    podName: `${name}-pod`,
    startTime,
    conditions: [condition('Running', true, 'PodRunning')],
    session: { title: sessionTitle(t) },
  };
  return t;
}

/** An agentRef Task that has ended: its session has the id and the summary of its own session. */
export function completedTask(
  name: string,
  namespace: string,
  agentName: string,
  sessionId: string,
  summary: SessionSummary | DocsSessionSummary,
  phase: 'Completed' | 'Failed' = 'Completed',
): KubeObject {
  const t = runningTask(name, namespace, agentName);
  const status = t.status as Record<string, unknown>;
  t.status = {
    ...status,
    phase,
    completionTime: '2026-01-01T00:05:00Z',
    conditions: [condition('Running', false, phase === 'Completed' ? 'TaskSucceeded' : 'TaskFailed')],
    session: { id: sessionId, title: sessionTitle(t), summary },
  };
  return t;
}

/** A templateRef Task: kubeopencode reports no session for these. */
export function templateTask(name: string, namespace: string, templateName: string, phase = 'Pending'): KubeObject {
  const t = task(name, namespace, { templateRef: { name: templateName }, description: `work for ${name}` });
  t.status = { phase, conditions: [] };
  return t;
}

/** The Pod of an Agent's server Deployment. */
export function agentPod(agentName: string, namespace: string, suffix = 'abcde'): KubeObject {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(`${agentName}-server-${suffix}`, namespace, { [AGENT_LABEL]: agentName }),
    spec: {
      containers: [
        {
          name: 'opencode',
          image: 'ghcr.io/kubeopencode/opencode:latest',
          ports: [{ name: 'http', containerPort: 4096, protocol: 'TCP' }],
        },
      ],
    },
    status: { phase: 'Running', podIP: '10.0.0.10', conditions: [{ type: 'Ready', status: 'True' }] },
  };
  return pod;
}

/**
 * An events.k8s.io/v1 Event about `object`, as kubeopencode's controller records one (reason Queued, Timeout, Ready,
 * StandbySuspended…), with the fields the apiserver requires of a new Event.
 */
export function kubeEvent(object: KubeObject, reason: string, note: string, at: string, type: 'Normal' | 'Warning' = 'Normal'): KubeObject {
  const { name, namespace, uid } = object.metadata;
  const event = {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: { ...meta(`${name}.${reason.toLowerCase()}.${randomUUID().slice(0, 8)}`, namespace), creationTimestamp: at },
    eventTime: at.replace('Z', '.000000Z'),
    reportingController: 'kubeopencode.io/controller',
    reportingInstance: 'kubeopencode-controller-0',
    action: reason,
    reason,
    note,
    type,
    regarding: { apiVersion: object.apiVersion, kind: object.kind, namespace, name, uid },
  };
  return event;
}
