// Loads dist/k8s.js (the backend with @kubernetes/client-node, ~1 MB) on first use only: activation
// without a cluster never reaches this require.
import { join } from 'node:path';
import type * as vscode from 'vscode';
import type { Logger } from '../../base/logger';
import type { KubeBackend, KubeBackendModule } from '../../client/k8s/kubeBackend';
import type { ClusterSettings } from './clusterSettings';
import { kubernetesExtensionConfig } from './kubernetesExtension';

let loaded: KubeBackendModule | undefined;

export function loadKubeBackend(extensionPath: string): KubeBackendModule {
  // A computed path keeps esbuild from bundling the backend into dist/extension.js; an import() would be
  // bundled or turned into a promise, and this must stay a synchronous, lazy load.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require(join(extensionPath, 'dist', 'k8s.js')) as KubeBackendModule;
  return loaded;
}

/** For the activation check: whether anything asked for the backend yet. */
export function kubeBackendLoaded(): boolean {
  return loaded !== undefined;
}

/**
 * The backend for these settings: their kubeconfig, else the one the Kubernetes extension uses, whose changes
 * `onKubeconfigChange` then hears (dispose `events` to stop).
 */
export async function openKubeBackend(
  extensionPath: string,
  settings: ClusterSettings,
  log: Logger,
  onKubeconfigChange: () => void,
): Promise<{ backend: KubeBackend; events?: vscode.Disposable }> {
  const fromExtension = settings.kubeconfig ? {} : await kubernetesExtensionConfig();
  const kubeconfigPath = settings.kubeconfig || fromExtension.kubeconfigPath;
  const backend = loadKubeBackend(extensionPath).createKubeBackend({ kubeconfigPath, log });
  return { backend, events: fromExtension.onDidChange?.(onKubeconfigChange) };
}
