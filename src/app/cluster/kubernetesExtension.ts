// The kubeconfig the VS Code Kubernetes extension uses (ms-kubernetes-tools.vscode-kubernetes-tools), so the
// sessions view shows the same cluster as its explorer. Its API is reached through the broker its
// activate() returns (the contract of `vscode-kubernetes-tools-api`, configuration v1_1); the few lines
// here avoid a dependency for one call.
import * as vscode from 'vscode';

const EXTENSION_ID = 'ms-kubernetes-tools.vscode-kubernetes-tools';

interface ConfigurationV1_1 {
  getKubeconfigPath(): { pathType: 'host'; hostPath: string } | { pathType: 'wsl'; wslPath: string };
  onDidChangeKubeconfigPath?: vscode.Event<unknown>;
  onDidChangeContext?: vscode.Event<unknown>;
}

interface ApiBroker {
  api(request: { component: string; version: string }): { succeeded: boolean; api?: unknown };
}

export interface KubernetesExtensionConfig {
  /** undefined: the extension is not installed, or uses the default kubeconfig (or a WSL path we cannot read). */
  kubeconfigPath?: string;
  /** Fires when the user changes the kubeconfig or the context in the Kubernetes extension. */
  onDidChange?: (listener: () => void) => vscode.Disposable;
}

export async function kubernetesExtensionConfig(): Promise<KubernetesExtensionConfig> {
  const extension = vscode.extensions.getExtension<ApiBroker>(EXTENSION_ID);
  if (!extension) return {};
  try {
    const broker = await extension.activate();
    const version = broker?.api?.({ component: 'configuration', version: 'v1_1' });
    if (!version?.succeeded || !version.api) return {};
    const api = version.api as ConfigurationV1_1;
    const path = api.getKubeconfigPath();
    return {
      kubeconfigPath: path.pathType === 'host' && path.hostPath ? path.hostPath : undefined,
      onDidChange: (listener) =>
        vscode.Disposable.from(
          ...[api.onDidChangeKubeconfigPath, api.onDidChangeContext]
            .filter((e): e is vscode.Event<unknown> => !!e)
            .map((e) => e(() => listener())),
        ),
    };
  } catch {
    // An extension that fails to activate must not keep the sessions view from working.
    return {};
  }
}
