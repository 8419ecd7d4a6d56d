// The plugin's half of a budget that holds (issue 73): before each model request OpenCode makes for a session, it asks
// whether a budget pause holds the session's tree, and the hook that called it throws (1.18.33's `chat.params`, 2.x's
// `session.hook("model.request")`) so the request is never sent. It asks the VS Code windows on this machine (their
// loopback endpoints, as askExtension.ts does); it keeps what it was told last; with no window to ask it keeps to
// the newer of that and the ledger the extension left (store/pauseGate.ts): its pauses, and its session budget against
// what the tree spent, read from the server the plugin runs in. Anything it cannot read lets the request go: a gate
// that fails closed would stop every agent on a broken file.
import { endpointOrder } from '../client/discovery/endpointChoice';
import { endpointDir, readEndpoints, type EndpointInfo } from '../client/discovery/endpointDiscovery';
import { readPauseLedgerFile } from '../client/discovery/pauseLedgerFile';
import { askWindow } from './askExtension';
import { ledgerHolds, readPauseAnswer, refusalText, type PauseAnswer } from '../store/pauseGate';

/** A window busy for a moment still answers within this; past it, what was told last stands. */
const ASK_MS = 2_000;
/** Windows asked at most per request. */
const MAX_ASKED = 3;
/** Answers kept (the oldest forgotten first): one per session asked about. */
const MAX_TOLD = 2_000;

/** What the gate reads of the server it runs in. */
export interface TreeReader {
  /** The root of the session's task tree (itself for a root). */
  rootOf(sessionId: string): Promise<string>;
  /** What the tree of `rootId` spent (USD), or undefined when it cannot be read; a lower bound where only part is. */
  treeCost(rootId: string, sessionId: string): Promise<number | undefined>;
}

export class PauseGate {
  private readonly told = new Map<string, { answer: PauseAnswer; at: number }>();

  constructor(
    private readonly tree: TreeReader,
    private readonly directory?: string,
    private readonly dir = endpointDir(),
  ) {}

  /** The words of the refusal when a budget pause holds the session, else undefined (the request goes). */
  async refusal(sessionId: string): Promise<string | undefined> {
    try {
      return await this.judge(sessionId);
    } catch {
      return undefined;
    }
  }

  private async judge(sessionId: string): Promise<string | undefined> {
    const answer = await this.ask(sessionId);
    if (answer) {
      this.remember(answer);
      return answer.holds ? refusalText(answer.pause, answer.title) : undefined;
    }
    const told = this.told.get(sessionId);
    const ledger = readPauseLedgerFile(this.dir);
    if (told && (!ledger || told.at >= ledger.written))
      return told.answer.holds ? refusalText(told.answer.pause, told.answer.title) : undefined;
    if (!ledger) return undefined;
    const rootId = told?.answer.rootId ?? (await this.tree.rootOf(sessionId));
    const paused = ledgerHolds(ledger, sessionId, rootId, undefined);
    if (paused.holds) return refusalText(paused.pause);
    if (ledger.sessionLimit === undefined || ledger.exempt.includes(rootId)) return undefined;
    const over = ledgerHolds(ledger, sessionId, rootId, await this.tree.treeCost(rootId, sessionId)).over;
    return over ? refusalText({ budget: 'session', ...over }) : undefined;
  }

  /** The first whole answer of the windows on this machine, those holding the server's folder first. */
  private async ask(sessionId: string): Promise<PauseAnswer | undefined> {
    for (const endpoint of endpointOrder(readEndpoints(this.dir), this.directory).slice(0, MAX_ASKED)) {
      const answer = await askOne(endpoint, sessionId);
      if (answer) return answer;
    }
    return undefined;
  }

  private remember(answer: PauseAnswer): void {
    this.told.delete(answer.sessionID);
    this.told.set(answer.sessionID, { answer, at: Date.now() });
    for (const oldest of this.told.keys()) {
      if (this.told.size <= MAX_TOLD) break;
      this.told.delete(oldest);
    }
  }
}

async function askOne(endpoint: EndpointInfo, sessionId: string): Promise<PauseAnswer | undefined> {
  return readPauseAnswer(await askWindow(endpoint, `/v1/pause?sessionID=${encodeURIComponent(sessionId)}`, ASK_MS), sessionId);
}
