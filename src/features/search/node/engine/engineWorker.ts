// The search engine's worker thread (bundled as dist/search-engine.js): carries the host's requests to the engine
// and its answers back, so indexing, compressing, saving and loading never hold the extension host's thread.
import { parentPort } from 'node:worker_threads';
import { SearchEngine, errorText } from './engine';
import type { EngineOutbound, EngineRequest } from '../../common/engine/protocol';

const port = parentPort;
if (!port) throw new Error('the search engine runs in a worker thread');
const post = (message: EngineOutbound) => port.postMessage(message);
const engine = new SearchEngine((message) => post({ note: 'log', message }));
port.on('message', (request: EngineRequest) => {
  engine.handle(request).then(
    (value) => post({ id: request.id, ok: true, value }),
    (err: unknown) => post({ id: request.id, ok: false, error: errorText(err) }),
  );
});
