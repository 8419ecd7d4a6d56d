import * as vscode from 'vscode';
import { settingTarget } from '../settings/settingTarget';
import type { AgentAccess } from '../../client/k8s/kubeBackend';

export const CLUSTER_SECTION = 'opencodeSessions.kubernetes';

export interface ClusterSettings {
  /** Off by default: without it nothing Kubernetes-related is loaded. */
  enabled: boolean;
  /** Empty: the kubeconfig's current context. */
  context: string;
  /** Empty: every namespace (falls back to the context's namespace when cluster-wide lists are forbidden). */
  namespaces: string[];
  access: AgentAccess;
  /** Empty: the Kubernetes extension's kubeconfig, else KUBECONFIG, else ~/.kube/config. */
  kubeconfig: string;
}

export function readClusterSettings(): ClusterSettings {
  const config = vscode.workspace.getConfiguration(CLUSTER_SECTION);
  const namespaces = config.get<unknown>('namespaces');
  return {
    enabled: config.get<boolean>('enabled') === true,
    context: (config.get<string>('context') ?? '').trim(),
    namespaces: Array.isArray(namespaces)
      ? [...new Set(namespaces.filter((n): n is string => typeof n === 'string' && n.trim() !== '').map((n) => n.trim()))]
      : [],
    access: config.get<string>('access') === 'portForward' ? 'portForward' : 'serviceProxy',
    kubeconfig: (config.get<string>('kubeconfig') ?? '').trim(),
  };
}

/** Writes where the user keeps it (see settingTarget). */
export async function updateClusterSetting(key: keyof ClusterSettings, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(CLUSTER_SECTION).update(key, value, settingTarget(CLUSTER_SECTION, key));
}
