// JSON requests to the real API server as `admin` (or another token), for the tests' own setup: what kubectl
// would do. Answers with the parsed body; a status of 400 or more rejects with the server's Status message.
import { request } from 'node:https';
import type { ApiServerInfo } from './apiServerProcess';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${status}: ${(body as { message?: string })?.message ?? JSON.stringify(body)}`);
  }
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** Any request, any answer: for comparing answers rather than using them. */
export function rawRequest(
  info: Pick<ApiServerInfo, 'url' | 'caData'>,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; contentType?: string; as?: { username: string; groups: string[] } } = {},
): Promise<RawAnswer> {
  // YAML goes as written (the API server reads application/yaml); anything else as JSON.
  const body =
    options.body === undefined
      ? undefined
      : options.contentType === 'application/yaml' && typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, info.url),
      {
        method,
        ca: Buffer.from(info.caData, 'base64').toString(),
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(body ? { 'content-type': options.contentType ?? 'application/json' } : {}),
          // Impersonation: the request is authorized as this user and groups (Node sends a repeated header for an array).
          ...(options.as ? { 'impersonate-user': options.as.username, 'impersonate-group': options.as.groups } : {}),
          accept: 'application/json',
        },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export async function adminRequest(
  info: Pick<ApiServerInfo, 'url' | 'caData' | 'adminToken'>,
  method: string,
  path: string,
  body?: unknown,
  contentType?: string,
  as?: { username: string; groups: string[] },
): Promise<unknown> {
  const answer = await rawRequest(info, method, path, { token: info.adminToken, body, contentType, as });
  const parsed: unknown = answer.text ? JSON.parse(answer.text) : undefined;
  if (answer.status >= 400) throw new ApiError(answer.status, parsed);
  return parsed;
}
