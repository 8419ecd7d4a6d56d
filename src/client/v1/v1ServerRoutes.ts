// V1's server-wide routes (moved from V1Api): health, the live stream as store events, and the model and
// price catalogs. One SDK call each, with a deadline, its answer unwrapped.
import { deadline } from '../deadline';
import { runEventStream } from '../eventStream';
import { clientFor, type OpencodeClient, type ServerEndpoint } from '../opencodeClient';
import { unwrap } from '../serverError';
import { parseEvent } from '../../store/events';
import type { EventStreamHandlers } from '../serverApi';

const REQUEST_TIMEOUT_MS = 10_000;

export class V1ServerRoutes {
  constructor(private readonly endpoint: ServerEndpoint) {}

  /** A client for every project. */
  private client(): OpencodeClient {
    return clientFor(this.endpoint);
  }

  async health(signal: AbortSignal): Promise<{ version?: string }> {
    const health = await unwrap(this.client().global.health({ signal: deadline(REQUEST_TIMEOUT_MS, signal) }), 'Health check');
    return { version: health.version };
  }

  streamEvents(handlers: EventStreamHandlers): Promise<void> {
    return runEventStream(this.endpoint, {
      stallMs: handlers.stallMs,
      signal: handlers.signal,
      onItem: (item) => {
        handlers.onItem();
        const event = parseEvent(item, (kind) => handlers.malformed(`${kind} event`));
        if (event) handlers.onEvent(event);
      },
    });
  }

  providers(): Promise<unknown> {
    return unwrap(this.client().config.providers({}, { signal: deadline(REQUEST_TIMEOUT_MS) }), 'Reading providers');
  }

  /** `GET /provider`: every provider OpenCode knows (models.dev, offline too) with each model's prices. */
  priceCatalog(): Promise<unknown> {
    return unwrap(this.client().provider.list({}, { signal: deadline(REQUEST_TIMEOUT_MS) }), 'Reading the model catalog');
  }
}
