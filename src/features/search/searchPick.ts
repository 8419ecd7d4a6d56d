// Search Session Contents: a quick pick whose results follow what is typed, best first, one per session, each
// with its title, server, time, cost and a snippet of the match; title bar buttons filter by server, folder and
// date, or to my prompts only or tools only. Enter opens the transcript rendered, scrolled to the match, and reveals
// the row; a result's buttons open its Markdown source at the match, or copy a link that reopens it. Sessions whose
// title holds the words are listed first (Enter opens their transcript, at the match when they said the words too:
// listed once), as the tree's own filter finds them.
import * as vscode from 'vscode';
import { openSettingsEditor } from '../../app/settings/settingAccess';
import { showInformation } from '../../app/host/notify';
import { SETTING, SETTINGS_SECTION } from '../../app/settings/settingKeys';
import type { App } from '../../app';
import type { ServerConnection } from '../../client/serverConnection';
import { formatCost } from '../../present/format';
import { iconSafe } from '../../present/plainText';
import { relativeTime } from '../../present/relativeTime';
import { sessionTitle } from '../../present/sessionTitle';
import { startOfDay } from '../../store/calendar';
import { EntryKind } from './common/entries';
import type { SearchService, ServerHit } from './searchService';
import { expandable, PREFIX_MIN, queryTerms } from './common/terms';
import type { IndexProgress } from './node/serverIndexer';
import { titleMatches } from './common/titleMatches';

/** A session whose title matched. */
export interface TitleHit {
  connection: ServerConnection;
  sessionId: string;
}

/**
 * A result (`hit`), a session by its title (`titled`), or a line of what the index holds; `settings` names the
 * setting Enter opens.
 */
export type ResultItem = vscode.QuickPickItem & { hit?: ServerHit; titled?: TitleHit; settings?: string };

export interface SearchFilters {
  servers?: Set<string>;
  folder?: string;
  since?: number;
  kinds?: number;
}

const TYPE_DELAY_MS = 80;
/** Title matches kept (the newest shown first), and shown. */
const TITLES_SHOWN = 10;
const COPY_LINK: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('link'), tooltip: vscode.l10n.t('Copy a link to this result') };
const OPEN_SOURCE: vscode.QuickInputButton = {
  iconPath: new vscode.ThemeIcon('file-code'),
  tooltip: vscode.l10n.t('Open the transcript source at the match'),
};

/** How a result opens: rendered (Enter), or as its Markdown source (the result's button). */
export type OpenView = 'rendered' | 'source';

/** The pick shown now, for the tests: what it lists, Enter on an item, and its Open Source button. */
export class SearchPick {
  shown?: vscode.QuickPick<ResultItem>;
  filters: SearchFilters = {};
  private accepting?: (item: ResultItem, view?: OpenView) => void;

  accept(item: ResultItem): void {
    this.accepting?.(item);
  }

  /** The result's button that opens the transcript's Markdown source at the match. */
  openSource(item: ResultItem): void {
    this.accepting?.(item, 'source');
  }

  track(pick: vscode.QuickPick<ResultItem>, accept: (item: ResultItem, view?: OpenView) => void): vscode.Disposable {
    this.shown = pick;
    this.accepting = accept;
    return new vscode.Disposable(() => {
      if (this.shown !== pick) return;
      this.shown = undefined;
      this.accepting = undefined;
    });
  }
}

export interface PickActions {
  /** Opens the hit's transcript at its part; `words`: the query's, the first met there is selected. */
  open(hit: ServerHit, words: readonly string[], view: OpenView): Promise<unknown>;
  /** Opens a session's transcript (a title that matched). */
  openSession(titled: TitleHit): Promise<unknown>;
  link(hit: ServerHit): string;
}

export function showSearchPick(app: App, service: SearchService, tracker: SearchPick, actions: PickActions, initial = ''): void {
  const pick = vscode.window.createQuickPick<ResultItem>();
  const filters = (tracker.filters = {});
  pick.placeholder = vscode.l10n.t('Search what sessions said and did: prompts, replies, tools, their inputs and outputs');
  pick.matchOnDescription = false;
  pick.matchOnDetail = true;
  pick.value = initial;
  const timer = { handle: undefined as ReturnType<typeof setTimeout> | undefined };
  // A query reads texts from disk: only the newest one asked shows its items. `running`: a query under way;
  // `again`: the index moved on meanwhile, so it is asked again once that one has shown its items.
  const state = { asked: 0, hidden: false, running: false, again: false };
  const refresh = () => {
    clearTimeout(timer.handle);
    timer.handle = undefined;
    pick.title = titleOf(app, filters, service);
    pick.buttons = buttonsOf(filters);
    pick.busy = true;
    const asked = ++state.asked;
    const text = pick.value;
    state.running = true;
    const done = () => {
      // Typed over meanwhile: that query is due, and these items are of the text before it.
      if (asked !== state.asked || state.hidden || pick.value !== text) return false;
      state.running = false;
      if (state.again) {
        state.again = false;
        soon();
      }
      return true;
    };
    void itemsOf(app, service, text, filters, () => asked === state.asked && !state.hidden).then(
      (items) => {
        if (!done()) return;
        pick.items = items;
        pick.busy = service.progress().running;
      },
      (err: unknown) => {
        if (!done()) return;
        pick.items = [{ label: vscode.l10n.t('$(error) The search failed: {0}', iconSafe(String(err))), alwaysShow: true }];
        pick.busy = false;
      },
    );
  };
  const soon = () => {
    clearTimeout(timer.handle);
    timer.handle = setTimeout(refresh, TYPE_DELAY_MS);
  };
  // The index reports each session it reads. Asking anew at each report put off what was typed for as long as
  // reports came (each restarted the typing delay) and dropped the query under way: on a busy machine, while a live
  // server kept the index reading, no answer was ever shown. A report waits for the query under way or due.
  const indexMoved = () => {
    if (state.running) state.again = true;
    else timer.handle ??= setTimeout(refresh, TYPE_DELAY_MS);
  };
  const accept = (item: ResultItem | undefined, view: OpenView = 'rendered') => {
    if (item?.settings) {
      pick.hide();
      void openSettingsEditor(item.settings);
      return;
    }
    if (item?.titled) {
      pick.hide();
      void actions.openSession(item.titled);
      return;
    }
    if (!item?.hit) return;
    const words = queryTerms(pick.value);
    pick.hide();
    void actions.open(item.hit, words, view);
  };
  const subscriptions = [
    pick.onDidChangeValue(soon),
    pick.onDidAccept(() => accept(pick.selectedItems[0] ?? pick.activeItems[0])),
    pick.onDidTriggerItemButton(({ item, button }) => {
      if (!item.hit) return;
      if (button === OPEN_SOURCE) return accept(item, 'source');
      void vscode.env.clipboard.writeText(actions.link(item.hit));
      void showInformation(vscode.l10n.t('Copied a link to this result.'));
    }),
    pick.onDidTriggerButton((button) => void filter(app, filters, button).then(refresh)),
    service.onDidProgress(indexMoved),
    tracker.track(pick, accept),
  ];
  pick.onDidHide(() => {
    state.hidden = true;
    clearTimeout(timer.handle);
    for (const s of subscriptions) s.dispose();
    pick.dispose();
  });
  refresh();
  pick.show();
}

export async function itemsOf(
  app: App,
  service: SearchService,
  text: string,
  filters: SearchFilters,
  current: () => boolean = () => true,
): Promise<ResultItem[]> {
  const progress = service.progress();
  const reading: ResultItem[] = progress.running
    ? [{ label: vscode.l10n.t('$(sync~spin) Indexing: {0} of {1} sessions read', progress.read, progress.total), alwaysShow: true }]
    : [];
  const capped = cappedItem(progress, service.capBytes());
  if (capped) reading.push(capped);
  // Another window keeps the index (and reads the servers): what it holds so far, so this window's results explain.
  // Asked beside the search, not before it.
  const following = service.followed().catch(() => undefined);
  if (!text.trim()) return [...reading, ...followedItem(await following)];
  const folder = filters.folder;
  const titled = titleItems(app, text, filters, current);
  const hits = await service.search(
    {
      text,
      kinds: filters.kinds,
      since: filters.since,
      directories: folder ? [folder] : undefined,
    },
    filters.servers,
  );
  const now = Date.now();
  const items: ResultItem[] = hits.map((hit) => {
    const record = hit.connection.sessions.get(hit.session.id);
    const what =
      hit.entry.kind === EntryKind.Tool ? `${hit.entry.tool ?? 'tool'}: ` : hit.entry.kind === EntryKind.Prompt ? 'prompt: ' : '';
    const money = record ? ` · ${formatCost(record.own.cost)}` : '';
    return {
      label: iconSafe(sessionTitle({ title: record?.info.title ?? hit.session.title })),
      description: iconSafe(`${hit.connection.label} · ${relativeTime(hit.time, now)}${money}`),
      detail: iconSafe(what + hit.snippet),
      alwaysShow: true,
      buttons: [OPEN_SOURCE, COPY_LINK],
      hit,
    };
  });
  // A session whose title matched and that said the words too is listed once, by what it said (Enter opens it at the
  // match), where its title put it, saying that the title matched too.
  const byTitle = (await titled).map((item) => {
    const at = items.findIndex((i) => i.hit?.connection === item.titled?.connection && i.hit?.session.id === item.titled?.sessionId);
    if (at < 0) return item;
    const [hit] = items.splice(at, 1);
    return { ...hit, detail: `${item.detail} · ${hit.detail}` };
  });
  items.unshift(...byTitle);
  reading.push(...followedItem(await following));
  const short = shortWordHint(text, items.length > 0);
  if (!items.length) return [...reading, short ?? { label: vscode.l10n.t('No session said or did that'), alwaysShow: true }];
  return [...items, ...reading, ...(short ? [short] : [])];
}

/** Sessions whose title holds the query's words, the most recently active first (none when only prompts or tools are asked). */
async function titleItems(app: App, text: string, filters: SearchFilters, current: () => boolean): Promise<ResultItem[]> {
  if (filters.kinds !== undefined) return [];
  const candidates = function* () {
    for (const connection of app.registry.all) {
      if (filters.servers && !filters.servers.has(connection.config.id)) continue;
      for (const record of connection.sessions.all()) {
        if (filters.folder !== undefined && record.info.directory !== filters.folder) continue;
        if (filters.since !== undefined && record.lastActivity < filters.since) continue;
        yield { connection, record };
      }
    }
  };
  const found = await titleMatches(candidates(), queryTerms(text), TITLES_SHOWN, {
    titleOf: ({ record }) => record.info.title ?? '',
    timeOf: ({ record }) => record.lastActivity,
    current,
  });
  const now = Date.now();
  return found.map(({ connection, record }) => ({
    label: iconSafe(sessionTitle({ title: record.info.title })),
    description: iconSafe(`${connection.label} · ${relativeTime(record.lastActivity, now)} · ${formatCost(record.own.cost)}`),
    detail: vscode.l10n.t('$(symbol-text) Title matches'),
    alwaysShow: true,
    titled: { connection, sessionId: record.info.id },
  }));
}

function followedItem(sessions: number | undefined): ResultItem[] {
  if (sessions === undefined) return [];
  const label =
    sessions === 1
      ? vscode.l10n.t('$(window) Searching the index another VS Code window keeps (1 session indexed)')
      : vscode.l10n.t('$(window) Searching the index another VS Code window keeps ({0} sessions indexed)', sessions.toLocaleString());
  return [{ label, alwaysShow: true }];
}

/** Why nothing was found: a last word too short to match the words it begins says how long it must be. */
/**
 * Under PREFIX_MIN characters a word matches only as a whole word: said below what it found, too, since a short
 * token in a random id (`…xAdQ…` holds `ad`) can match where the user meant a beginning.
 */
function shortWordHint(text: string, found: boolean): ResultItem | undefined {
  const last = queryTerms(text).at(-1);
  if (last === undefined || expandable(last)) return undefined;
  return {
    label: vscode.l10n.t('$(info) Type at least {0} characters to match the beginnings of words', PREFIX_MIN),
    detail: found
      ? vscode.l10n.t('Whole words of any length match: "{0}" above is the whole word.', iconSafe(last))
      : vscode.l10n.t('Whole words of any length match; "{0}" is not one any session said.', iconSafe(last)),
    alwaysShow: true,
  };
}

/**
 * What the index's cap left out, said where the user searches: sessions only partly indexed (too large for a
 * session's share) and sessions left out (the least recently active, past the cap). Enter opens the setting.
 */
function cappedItem(progress: IndexProgress, capBytes: number): ResultItem | undefined {
  if (!progress.partial && !progress.dropped) return undefined;
  const parts: string[] = [];
  if (progress.partial)
    parts.push(vscode.l10n.t('{0} sessions only partly searchable (a session may take a quarter of the cap)', progress.partial));
  if (progress.dropped) parts.push(vscode.l10n.t('{0} sessions left out of search (the least recently active)', progress.dropped));
  return {
    label: `$(warning) ${parts.join(' · ')}`,
    detail: vscode.l10n.t(
      'Over the search index cap of {0} MB (Settings: opencodeSessions.search.maxIndexMegabytes; a larger cap lets sessions left out back in). Enter opens it.',
      Math.round(capBytes / (1024 * 1024)),
    ),
    alwaysShow: true,
    settings: `${SETTINGS_SECTION}.${SETTING.searchMaxIndexMegabytes}`,
  };
}

const BUTTONS = {
  prompts: (on: boolean) => ({ iconPath: new vscode.ThemeIcon(on ? 'account' : 'person'), tooltip: vscode.l10n.t('My prompts only') }),
  tools: (on: boolean) => ({ iconPath: new vscode.ThemeIcon(on ? 'pass-filled' : 'tools'), tooltip: vscode.l10n.t('Tools only') }),
  server: { iconPath: new vscode.ThemeIcon('server'), tooltip: vscode.l10n.t('Filter by server…') },
  folder: { iconPath: new vscode.ThemeIcon('folder'), tooltip: vscode.l10n.t('Filter by folder…') },
  since: { iconPath: new vscode.ThemeIcon('calendar'), tooltip: vscode.l10n.t('Filter by date…') },
  clear: { iconPath: new vscode.ThemeIcon('clear-all'), tooltip: vscode.l10n.t('Clear the filters') },
};

function buttonsOf(filters: SearchFilters): vscode.QuickInputButton[] {
  return [
    BUTTONS.prompts(filters.kinds === EntryKind.Prompt),
    BUTTONS.tools(filters.kinds === EntryKind.Tool),
    BUTTONS.server,
    BUTTONS.folder,
    BUTTONS.since,
    BUTTONS.clear,
  ];
}

function titleOf(app: App, filters: SearchFilters, service: SearchService): string {
  const words: string[] = [];
  if (filters.kinds === EntryKind.Prompt) words.push(vscode.l10n.t('my prompts only'));
  if (filters.kinds === EntryKind.Tool) words.push(vscode.l10n.t('tools only'));
  if (filters.servers) words.push([...filters.servers].map((id) => app.registry.get(id)?.label ?? id).join(', '));
  if (filters.folder) words.push(filters.folder);
  if (filters.since !== undefined) words.push(vscode.l10n.t('since {0}', new Date(filters.since).toLocaleDateString()));
  const progress = service.progress();
  const paused = progress.paused ? ` · ${vscode.l10n.t('indexing paused')}` : '';
  return iconSafe(`${vscode.l10n.t('Search Session Contents')}${words.length ? ` — ${words.join(' · ')}` : ''}${paused}`);
}

async function filter(app: App, filters: SearchFilters, button: vscode.QuickInputButton): Promise<void> {
  switch (button.tooltip) {
    case BUTTONS.prompts(false).tooltip:
      filters.kinds = filters.kinds === EntryKind.Prompt ? undefined : EntryKind.Prompt;
      return;
    case BUTTONS.tools(false).tooltip:
      filters.kinds = filters.kinds === EntryKind.Tool ? undefined : EntryKind.Tool;
      return;
    case BUTTONS.clear.tooltip:
      Object.assign(filters, { servers: undefined, folder: undefined, since: undefined, kinds: undefined });
      return;
    case BUTTONS.server.tooltip: {
      const picked = await vscode.window.showQuickPick(
        app.registry.all.map((c) => ({ label: iconSafe(c.label), id: c.config.id, picked: filters.servers?.has(c.config.id) ?? false })),
        { canPickMany: true, title: vscode.l10n.t('Search these servers') },
      );
      if (picked) filters.servers = picked.length ? new Set(picked.map((p) => p.id)) : undefined;
      return;
    }
    case BUTTONS.folder.tooltip: {
      const folders = new Set(app.registry.all.flatMap((c) => [...c.sessions.all()].map((r) => r.info.directory)));
      const picked = await vscode.window.showQuickPick(
        [...folders].sort().map((label) => ({ label: iconSafe(label), folder: label })),
        {
          title: vscode.l10n.t('Search sessions in this folder'),
        },
      );
      if (picked) filters.folder = picked.folder;
      return;
    }
    case BUTTONS.since.tooltip: {
      const DAY = 86_400_000;
      const choices = [
        { label: vscode.l10n.t('Today'), since: startOfDay(Date.now()) },
        { label: vscode.l10n.t('The last 7 days'), since: Date.now() - 7 * DAY },
        { label: vscode.l10n.t('The last 30 days'), since: Date.now() - 30 * DAY },
        { label: vscode.l10n.t('Any time'), since: undefined },
      ];
      const picked = await vscode.window.showQuickPick(choices, { title: vscode.l10n.t('Search what was said since') });
      if (picked) filters.since = picked.since;
      return;
    }
  }
}
