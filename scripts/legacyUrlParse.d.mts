import type { Plugin } from 'esbuild';

export interface LegacyUrl {
  protocol: string | null;
  slashes: boolean | null;
  auth: string | null;
  host: string | null;
  port: string | null;
  hostname: string | null;
  hash: string | null;
  search: string | null;
  query: string | null;
  pathname: string;
  path: string;
  href: string;
}
export function whatwgUrlParse(input: string): LegacyUrl;
export const legacyUrlParse: Plugin;
