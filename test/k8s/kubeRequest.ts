// Raw HTTPS requests authenticated by a kubeconfig (its CA and token, applied by @kubernetes/client-node),
// for routes whose body the typed client would not hand over as a stream: the service proxy and SSE.
import type { KubeConfig } from '@kubernetes/client-node';
import type { IncomingMessage } from 'node:http';
import { request, type RequestOptions } from 'node:https';

export async function kubeRequest(
  kc: KubeConfig,
  path: string,
  init: { method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<IncomingMessage> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig has no current cluster');
  const options: RequestOptions = { method: init.method ?? 'GET', headers: { ...init.headers } };
  await kc.applyToHTTPSOptions(options);
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, cluster.server), options, resolve);
    req.on('error', reject);
    req.end(init.body);
  });
}

export async function readBody(res: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of res) text += String(chunk);
  return text;
}

/** The first chunk of a stream that stays open, or a rejection after `timeoutMs` (a buffered stream would hang). */
export function firstChunk(res: IncomingMessage, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no chunk within ${timeoutMs} ms`)), timeoutMs);
    res.once('data', (chunk: Buffer) => {
      clearTimeout(timer);
      resolve(chunk.toString());
    });
    res.once('error', reject);
  });
}
