// Kubernetes Status objects: what a real apiserver answers with on errors, so clients see the same bodies.
import type { ServerResponse } from 'node:http';

export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  code: number;
  details?: Record<string, unknown>;
}

export function kubeStatus(code: number, reason: string, message: string, details?: Record<string, unknown>): KubeStatus {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code, ...(details ? { details } : {}) };
}

export const unauthorized = (): KubeStatus => kubeStatus(401, 'Unauthorized', 'Unauthorized');

export const notFoundResource = (): KubeStatus => kubeStatus(404, 'NotFound', 'the server could not find the requested resource');

export function notFound(resource: string, group: string, name: string): KubeStatus {
  const qualified = group ? `${resource}.${group}` : resource;
  return kubeStatus(404, 'NotFound', `${qualified} "${name}" not found`, { name, group, kind: resource });
}

/** The message names the scope the way the apiserver does: cluster-wide, or in one namespace. */
export function forbidden(verb: string, resource: string, group: string, namespace?: string): KubeStatus {
  const qualified = group ? `${resource}.${group}` : resource;
  const scope = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
  const message = `${qualified} is forbidden: User "system:serviceaccount:stand-in:viewer" cannot ${verb} resource "${resource}" in API group "${group}" ${scope}`;
  return kubeStatus(403, 'Forbidden', message, { group, kind: resource });
}

export function sendJson(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendStatus(res: ServerResponse, status: KubeStatus): void {
  sendJson(res, status.code, status);
}
