// What the API server's network namespace (inNamespace.ts) and the tests outside it agree on.
import { join } from 'node:path';

export interface NamespaceConfig {
  dir: string;
  apiserver: string;
  etcd: string;
  /** Flags for kube-apiserver beyond the network ones set here. */
  apiserverFlags: string[];
  adminToken: string;
  /** Ports the Agents' servers listen on (spec.port). */
  podPorts: number[];
}

export const POD_RANGE = '10.244.0.0/16';
export const ADVERTISE_ADDRESS = '10.244.0.1';
export const SECURE_PORT = 6443;
export const ETCD_PORT = 2379;

export function endpointSocket(dir: string, address: string, port: number): string {
  return join(dir, `endpoint-${address}-${port}.sock`);
}
