import type { AgentAccess } from '../../client/k8s/kubeBackend';
import { readSetting, updateSetting } from '../settings/settingAccess';
import { SETTING } from '../settings/settingKeys';

export interface ClusterSettings {
  /** Off by default: without it nothing Kubernetes-related is loaded. */
  enabled: boolean;
  /** Empty: the kubeconfig's current context. */
  context: string;
  /** Empty: every namespace (falls back to the context's namespace when cluster-wide lists are forbidden). */
  namespaces: string[];
  access: AgentAccess;
  /** kubeopencode-server's address (for access `kubeopencodeServer`); empty: not set. */
  kubeopencodeServer: string;
  /** Empty: the Kubernetes extension's kubeconfig, else KUBECONFIG, else ~/.kube/config. */
  kubeconfig: string;
}

export function readClusterSettings(): ClusterSettings {
  const namespaces = readSetting<unknown>(SETTING.kubernetesNamespaces);
  return {
    enabled: readSetting<boolean>(SETTING.kubernetesEnabled) === true,
    context: (readSetting<string>(SETTING.kubernetesContext) ?? '').trim(),
    namespaces: Array.isArray(namespaces)
      ? [...new Set(namespaces.filter((n): n is string => typeof n === 'string' && n.trim() !== '').map((n) => n.trim()))]
      : [],
    access: accessOf(readSetting<string>(SETTING.kubernetesAccess)),
    kubeopencodeServer: (readSetting<string>(SETTING.kubernetesKubeopencodeServer) ?? '').trim(),
    kubeconfig: (readSetting<string>(SETTING.kubernetesKubeconfig) ?? '').trim(),
  };
}

function accessOf(value: string | undefined): AgentAccess {
  return value === 'portForward' || value === 'kubeopencodeServer' ? value : 'serviceProxy';
}

const KEYS = {
  enabled: SETTING.kubernetesEnabled,
  context: SETTING.kubernetesContext,
  namespaces: SETTING.kubernetesNamespaces,
  access: SETTING.kubernetesAccess,
  kubeopencodeServer: SETTING.kubernetesKubeopencodeServer,
  kubeconfig: SETTING.kubernetesKubeconfig,
} as const;

/** Writes where the user keeps it (see updateSetting). */
export async function updateClusterSetting(key: keyof ClusterSettings, value: unknown): Promise<void> {
  await updateSetting(KEYS[key], value);
}
