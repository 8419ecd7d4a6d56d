// kubeopencode's objects (kubeopencode.io/v1alpha1), as far as this extension reads them. Everything is
// optional: a cluster may run another kubeopencode version, and a watch may deliver a half-filled status.

export interface KubeMeta {
  name: string;
  namespace: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  labels?: Record<string, string>;
}

export interface KubeCondition {
  type: string;
  /** 'True', 'False' or 'Unknown'; kept a string, since a cluster may send anything. */
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface AgentObject {
  kind?: string;
  metadata: KubeMeta;
  spec?: {
    port?: number;
    /** Its owner suspended it. */
    suspend?: boolean;
    /** Suspended by itself after idling this long (a Go duration, e.g. "30m"); resumed by the next Task. */
    standby?: { idleTimeout?: string };
    [key: string]: unknown;
  };
  status?: {
    /** http://{service}.{namespace}.svc.{clusterDomain}:{port}; the cluster domain is configurable, never assumed. */
    url?: string;
    serviceName?: string;
    deploymentName?: string;
    ready?: boolean;
    suspended?: boolean;
    idleSince?: string;
    conditions?: KubeCondition[];
  };
}

export type TaskPhase = 'Pending' | 'Queued' | 'Running' | 'Completed' | 'Failed';

export interface TaskSessionSummary {
  messageCount?: number;
  /**
   * `cache` is cache read + cache write added together (kubeopencode's own sum). The code (api/v1alpha1/task_types.go)
   * writes this object; its docs (docs/features/task-session) show one integer, the total: both are read.
   */
  tokenUsage?: { input?: number; output?: number; reasoning?: number; cache?: number } | number;
  /** USD: a decimal string in the code ("0.012300"), a number in the docs; both are read. */
  cost?: string | number;
  filesChanged?: number;
  additions?: number;
  deletions?: number;
}

export interface TaskObject {
  kind?: string;
  metadata: KubeMeta;
  spec?: { agentRef?: { name: string }; templateRef?: { name: string }; [key: string]: unknown };
  status?: {
    /** A TaskPhase, or whatever a newer kubeopencode sends. */
    phase?: string;
    podName?: string;
    startTime?: string;
    completionTime?: string;
    conditions?: KubeCondition[];
    /** agentRef Tasks only. While Running only `title`; `id` and `summary` appear when the Task ends. */
    session?: { id?: string; title?: string; summary?: TaskSessionSummary };
  };
}

/** An events.k8s.io/v1 Event kubeopencode's controller records about an Agent or a Task (Queued, Timeout, Ready…). */
export interface KubeEventObject {
  metadata: KubeMeta;
  regarding?: { apiVersion?: string; kind?: string; namespace?: string; name?: string; uid?: string };
  reason?: string;
  note?: string;
  /** Normal or Warning. */
  type?: string;
  eventTime?: string;
  /** Events recorded through the older core API carry their time here. */
  deprecatedLastTimestamp?: string;
  series?: { count?: number; lastObservedTime?: string };
}
