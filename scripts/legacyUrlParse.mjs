// node-fetch 2 (client-node 1.4's HTTP client; 2.7.0 is the last of that line) parses each request's URL with Node's
// legacy url.parse(), which Node 24 (VS Code's extension host) warns about at run time (DEP0169: "url.parse()
// behavior is not standardized…") in every window that uses a cluster. It only ever parses a URL it has just made
// absolute with `new URL()`, so the bundle gives it the same fields from the WHATWG parser instead; client-node 2.x
// (fetch-based) needs Node 22.19 and cannot replace it while users run Node 20.
// whatwgUrlParse goes into the bundle as its source text, where `URL` is the global one, as here.
import { URL } from 'node:url';

/** The fields node-fetch reads of url.parse()'s result (and hands http.request), from the WHATWG URL. */
export function whatwgUrlParse(input) {
  let url;
  try {
    url = new URL(input);
  } catch {
    // A relative URL: node-fetch then refuses it ("Only absolute URLs are supported"), as it did with url.parse().
    return {
      protocol: null,
      slashes: null,
      auth: null,
      host: null,
      port: null,
      hostname: null,
      hash: null,
      search: null,
      query: null,
      pathname: input,
      path: input,
      href: input,
    };
  }
  const auth = url.username ? decodeURIComponent(url.username) + (url.password ? `:${decodeURIComponent(url.password)}` : '') : null;
  // http.request wants an IPv6 host without its brackets, as url.parse() gave it.
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return {
    protocol: url.protocol,
    slashes: true,
    auth,
    host: url.host,
    port: url.port || null,
    hostname,
    hash: url.hash || null,
    search: url.search || null,
    query: url.search ? url.search.slice(1) : null,
    pathname: url.pathname,
    path: url.pathname + url.search,
    href: url.href,
  };
}

const NODE_FETCH = /node_modules[\\/]node-fetch[\\/]lib[\\/]index\.js$/;
const LEGACY = 'const parse_url = Url.parse;';

/** An esbuild plugin: node-fetch's `Url.parse` becomes whatwgUrlParse (the build fails if node-fetch changed). */
export const legacyUrlParse = {
  name: 'legacy-url-parse',
  setup(build) {
    build.onLoad({ filter: NODE_FETCH }, async ({ path }) => {
      const { readFile } = await import('node:fs/promises');
      const source = await readFile(path, 'utf8');
      if (!source.includes(LEGACY))
        throw new Error(`${path}: "${LEGACY}" not found; check scripts/legacyUrlParse.mjs against this node-fetch`);
      return { contents: source.replace(LEGACY, `const parse_url = ${whatwgUrlParse.toString()};`), loader: 'js' };
    });
  },
};
