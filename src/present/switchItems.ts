// The Switch Session picker's rows as plain data (no `vscode` import, so unit-tested): every server's
// sessions, most recent first, each followed by its children (indented), titles made inert, each with its
// state as the tree shows it (icon, and the word unless idle), led by its first mark (paused, waiting, unread).
import { formatCost } from './format';
import { iconSafe } from './plainText';
import { relativeTime } from './relativeTime';
import type { SessionRecord } from '../store/sessionRecord';
import { sessionKey } from '../store/sessionKey';
import type { SessionReader } from '../store/sessionReader';
import type { SessionRef } from '../store/sessionRef';
import { sessionTitle } from './sessionTitle';
import { stateName, stateWords, type StateName } from './stateWords';

export interface SwitchSource {
  serverId: string;
  serverLabel: string;
  sessions: SessionReader;
  /** What leads the session's row, as it leads the tree's (the app's SessionDecorations): a codicon, and words. */
  mark?(sessionId: string): { icon?: string; words: string } | undefined;
  /** Whether its figures and states are live (false: offline or still connecting; its rows say offline). */
  online?: boolean;
}

export interface SwitchItem extends SessionRef {
  label: string;
  description: string;
  /** The id, so the picker's filter finds a session by id as well as by title. */
  detail: string;
  depth: number;
}

// lastActivity is never older than the session's own update time (the store keeps it so).
const newestFirst = (a: SessionRecord, b: SessionRecord) => b.lastActivity - a.lastActivity;

/**
 * `current`: the session followed now, marked "current" where it stands (the pick opens on the most recent
 * session, in view, not scrolled to the current one).
 */
export function switchItems(sources: readonly SwitchSource[], now: number, current?: SessionRef): SwitchItem[] {
  const roots = sources.flatMap((source) => source.sessions.roots().map((record) => ({ source, record })));
  roots.sort((a, b) => newestFirst(a.record, b.record));
  const items: SwitchItem[] = [];
  const seen = new Set<string>();
  // A loop of its own, parents before their children (newest first): a server decides how deep a tree is.
  const stack = roots.map(({ source, record }) => ({ source, record, depth: 0 })).reverse();
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { source, record, depth } = next;
    const key = sessionKey(source.serverId, record.info.id);
    if (seen.has(key)) continue; // malformed parent links must not loop
    seen.add(key);
    const isCurrent = current?.serverId === source.serverId && current.sessionId === record.info.id;
    items.push(item(source, record, depth, now, isCurrent));
    const children = source.sessions.childrenOf(record.info.id).sort(newestFirst);
    for (let i = children.length - 1; i >= 0; i--) stack.push({ source, record: children[i], depth: depth + 1 });
  }
  return items;
}

/** Deeper sub-agents are indented as this level: a chain of 10 000 indented each by its depth made 50 M characters. */
const MAX_INDENT = 8;

/** Each state's icon, as the tree shows it (idle: a speech bubble; working: spinning). */
const STATE_ICONS: Record<StateName, string> = {
  idle: '$(comment-discussion)',
  working: '$(loading~spin)',
  waiting: '$(bell-dot)',
  retrying: '$(sync)',
  error: '$(error)',
  offline: '$(debug-disconnect)',
};

function item(source: SwitchSource, record: SessionRecord, depth: number, now: number, isCurrent: boolean): SwitchItem {
  const children = source.sessions.childrenOf(record.info.id).length;
  const inclusive = source.sessions.inclusive(record.info.id);
  const state = stateName(record, source.online ?? true);
  // What a session is doing, first: the one waiting for you or working is the one you may be looking for.
  const parts = [
    ...(state === 'idle' ? [] : [stateWords(state)]),
    relativeTime(record.lastActivity, now),
    source.serverLabel,
    formatCost(record.own.cost),
  ];
  if (children) parts.push(`Σ ${formatCost(inclusive.cost)}`, `${children} child session${children === 1 ? '' : 's'}`);
  // Em spaces: VS Code collapses ordinary leading spaces.
  const indent = depth ? `${'\u2003'.repeat(Math.min(depth, MAX_INDENT) - 1)}↳ ` : '';
  // The icon is ours (the title is made inert), and the words say it to a screen reader and the filter alike.
  const mark = source.mark?.(record.info.id);
  const icon = mark?.icon ? `$(${mark.icon})` : STATE_ICONS[state];
  const prefix = mark ? `${iconSafe(mark.words)} · ` : '';
  return {
    label: `${indent}${icon} ${iconSafe(sessionTitle(record.info))}`,
    description: (isCurrent ? 'current · ' : '') + prefix + iconSafe(parts.join(' · ')),
    detail: record.info.id,
    serverId: source.serverId,
    sessionId: record.info.id,
    depth,
  };
}
