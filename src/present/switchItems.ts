// The Switch Session picker's rows as plain data (no `vscode` import, so unit-tested): every server's
// sessions, most recent first, each followed by its children (indented), titles made inert.
import { formatCost } from './format';
import { iconSafe } from './plainText';
import { relativeTime } from './relativeTime';
import type { SessionRecord } from '../store/sessionRecord';
import { sessionKey } from '../store/sessionKey';
import type { SessionReader } from '../store/sessionReader';
import { sessionTitle } from './sessionTitle';
import type { Attention } from '../store/attention';

export interface SwitchSource {
  serverId: string;
  serverLabel: string;
  sessions: SessionReader;
  /** What a root session needs from you (store/attention.ts), if anything. */
  attention?(sessionId: string): Attention | undefined;
}

export interface SwitchItem {
  label: string;
  description: string;
  /** The id, so the picker's filter finds a session by id as well as by title. */
  detail: string;
  serverId: string;
  sessionId: string;
  depth: number;
}

// lastActivity is never older than the session's own update time (the store keeps it so).
const newestFirst = (a: SessionRecord, b: SessionRecord) => b.lastActivity - a.lastActivity;

export function switchItems(sources: readonly SwitchSource[], now: number): SwitchItem[] {
  const roots = sources.flatMap((source) => source.sessions.roots().map((record) => ({ source, record })));
  roots.sort((a, b) => newestFirst(a.record, b.record));
  const items: SwitchItem[] = [];
  const seen = new Set<string>();
  const add = (source: SwitchSource, record: SessionRecord, depth: number) => {
    const key = sessionKey(source.serverId, record.info.id);
    if (seen.has(key)) return; // malformed parent links must not loop
    seen.add(key);
    items.push(item(source, record, depth, now));
    for (const child of source.sessions.childrenOf(record.info.id).sort(newestFirst)) add(source, child, depth + 1);
  };
  for (const { source, record } of roots) add(source, record, 0);
  return items;
}

function item(source: SwitchSource, record: SessionRecord, depth: number, now: number): SwitchItem {
  const children = source.sessions.childrenOf(record.info.id).length;
  const inclusive = source.sessions.inclusive(record.info.id);
  const parts = [relativeTime(record.lastActivity, now), source.serverLabel, formatCost(record.own.cost)];
  if (children) parts.push(`Σ ${formatCost(inclusive.cost)}`, `${children} child session${children === 1 ? '' : 's'}`);
  // Em spaces: VS Code collapses ordinary leading spaces.
  const indent = depth ? `${'\u2003'.repeat(depth - 1)}↳ ` : '';
  const attention = depth ? undefined : source.attention?.(record.info.id);
  // The icon is ours (the title is made inert), and the word says it to a screen reader and the filter alike.
  const mark = attention === 'waiting' ? '$(bell-dot) ' : attention === 'unread' ? '$(circle-filled) ' : '';
  return {
    label: indent + mark + iconSafe(sessionTitle(record.info)),
    description: (attention === 'waiting' ? 'waiting for you · ' : attention === 'unread' ? 'unread · ' : '') + iconSafe(parts.join(' · ')),
    detail: record.info.id,
    serverId: source.serverId,
    sessionId: record.info.id,
    depth,
  };
}
