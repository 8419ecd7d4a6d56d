// What the cluster view shows at a moment: the context, its settings and the last snapshot of its objects.
import type { ClusterSnapshot } from '../../client/k8s/kubeBackend';
import type { ClusterSettings } from './clusterSettings';

export interface ClusterView {
  /** The kubeconfig context shown (the cluster node's label). */
  context: string;
  settings: ClusterSettings;
  snapshot: ClusterSnapshot;
  /** Where the kubeconfig came from, for the tooltip. */
  source?: string;
}
