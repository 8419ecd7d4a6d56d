// Every row of the sessions tree, depth first, as the cluster tests read them: label, description, context value
// and the label of the row above.
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import type { ViewNode } from '../../../src/features';

export interface Row {
  node: ViewNode;
  label: string;
  description: string;
  contextValue: string;
  parent?: string;
}

export async function rowsUnder(api: ExtensionApi, node: ViewNode | undefined, parent?: string): Promise<Row[]> {
  const rows: Row[] = [];
  for (const child of api.tree.getChildren(node)) {
    const item: vscode.TreeItem = api.tree.getTreeItem(child);
    const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
    rows.push({ node: child, label, description: String(item.description ?? ''), contextValue: item.contextValue ?? '', parent });
    rows.push(...(await rowsUnder(api, child, label)));
  }
  return rows;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The Kubernetes settings the cluster tests write, as a user would. */
export function kubernetesSettings(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('opencodeSessions.kubernetes');
}
