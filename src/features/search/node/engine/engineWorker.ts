// The search engine's worker thread (bundled as dist/search-engine.js): carries the host's requests to the engine
// and its answers back, so indexing, compressing, saving and loading never hold the extension host's thread.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { SearchEngine, errorText } from './engine';
import type { EngineOutbound, EngineRequest } from '../../common/engine/protocol';

const port = parentPort;
if (!port) throw new Error('the search engine runs in a worker thread');
// Behind the extension host's thread for a core: on a busy machine the host waited for one (up to 99 ms in the
// bench) while this indexed. Linux only, where a thread has its own nice value and its id in /proc.
try {
  setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), 10);
} catch {
  // No /proc (macOS, Windows): as it is.
}
const post = (message: EngineOutbound) => port.postMessage(message);
const engine = new SearchEngine((message) => post({ note: 'log', message }));
port.on('message', (request: EngineRequest) => {
  engine.handle(request).then(
    (value) => post({ id: request.id, ok: true, value }),
    (err: unknown) => post({ id: request.id, ok: false, error: errorText(err) }),
  );
});
