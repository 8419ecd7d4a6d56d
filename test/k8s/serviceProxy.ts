// The apiserver's service proxy (…/services/{name}:http/proxy/{path}) to a real upstream: any method, the
// body streamed in, the response streamed out chunk by chunk (SSE must not be buffered). Like the
// apiserver it drops the caller's Authorization header, which was meant for the apiserver.
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { kubeStatus, sendStatus } from './status';

const HOP_BY_HOP = new Set([
  'authorization',
  'host',
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

function forwardable(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name.toLowerCase())) out[name] = value;
  }
  return out;
}

/** `pathAndQuery` is what follows `/proxy` in the request, e.g. `/global/event?x=1`. */
export function proxyToUpstream(req: IncomingMessage, res: ServerResponse, upstreamBase: string, pathAndQuery: string): void {
  const base = new URL(upstreamBase);
  const target = new URL(base.pathname.replace(/\/$/, '') + (pathAndQuery || '/'), base);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const upstream = send(target, { method: req.method, headers: { ...forwardable(req.headers), host: target.host } });
  upstream.on('response', (answer) => {
    res.writeHead(answer.statusCode ?? 502, forwardable(answer.headers));
    // Headers go out now, so an event stream that has sent nothing yet is already "open" for the client.
    res.flushHeaders();
    answer.on('data', (chunk: Buffer) => res.write(chunk));
    answer.on('end', () => res.end());
    answer.on('error', () => res.destroy());
  });
  upstream.on('error', (err) => {
    if (res.headersSent) res.destroy();
    else sendStatus(res, kubeStatus(503, 'ServiceUnavailable', `error trying to reach service: ${err.message}`));
  });
  // The client went away (or the stand-in stops): end the upstream request, and its stream, too.
  res.on('close', () => upstream.destroy());
  req.pipe(upstream);
}
