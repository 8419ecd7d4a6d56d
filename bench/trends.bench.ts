// The usage panel's trend (tokens and cost per day across a server) on a real `opencode serve`
// holding 2 000 sessions and 20 000 messages: the product path (a real ServerConnection online, then the
// TrendLoader reading every session's history into the store until its progress says done; a fresh
// connection, so a fresh MessageHistory, each round) against the floor (plain `fetch` + `JSON.parse` of the same
// sessions' message routes, same page size, the same number of requests in flight). Rounds alternate floor /
// product so load from other processes hits both alike; medians are compared. The connect itself is not timed
// (the cold-connect bench measures it).
// OCS_BENCH_TREND_SESSIONS / OCS_BENCH_TREND_MESSAGES set the size, OCS_BENCH_TREND_ROUNDS the rounds.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { ServerConnection } from '../src/client/serverConnection';
import { TREND_CONCURRENCY, TrendLoader } from '../src/features/usage/trendLoader';
import { usageByDay } from '../src/store/usageByDay';
import { startHarness, type RunningHarness } from '../test/harness/harness';
import { allSessions, createSession, prompt } from '../test/harness/scenario';
import { text } from '../test/harness/scriptedModel';
import { online, readRaw } from './serverReads';
import { median } from './stats';

export interface TrendsResult {
  sessions: number;
  messages: number;
  floorMs: number;
  productMs: number;
  ratio: number;
  days: number;
}

const DAY = 86_400_000;
/** The copies spread back over this many days, so the trend has many days and newest-first matters. */
const SPAN_DAYS = 90;

interface Target {
  id: string;
  directory: string;
}

/**
 * A server of `sessions` sessions of `perSession` messages each: one real session made through the scripted
 * model (OpenCode stores it), then copied inside the server's SQLite database with the `sqlite3` CLI while the
 * server is stopped (new ids, each copy earlier in time, message times inside the JSON shifted alike).
 */
async function filled(sessions: number, perSession: number): Promise<RunningHarness> {
  const h = await startHarness();
  const started = performance.now();
  const template = await createSession(h, { title: 'Trend template' });
  const turns = Math.max(1, Math.round(perSession / 2));
  for (let i = 0; i < turns; i++)
    await prompt(h, template.id, `Turn ${i + 1}`, [
      text(`Reply ${i + 1}.`, { prompt: 1_000 + i * 137, cached: 300 * i, completion: 80 + i * 11 }),
    ]);
  await h.server.stop();
  const db = join(h.server.home, '.local', 'share', 'opencode', 'opencode.db');
  const copies = sessions - 1;
  const spacing = Math.floor((SPAN_DAYS * DAY) / Math.max(1, copies));
  // New ids keep the template's sortable prefix and carry the copy's number, so each is unique and a copy's
  // messages and parts sort as the template's do.
  const newId = (col: string) => `substr(${col}, 1, 16) || printf('%06d', c.k) || substr(${col}, 23)`;
  const shift = `c.k * ${spacing}`;
  const columns = (table: string) =>
    execFileSync('sqlite3', [db, `select name from pragma_table_info('${table}')`], { encoding: 'utf8' })
      .trim()
      .split('\n');
  const select = (table: string, overrides: Record<string, string>) =>
    columns(table)
      .map((name) => overrides[name] ?? `t.${name}`)
      .join(', ');
  const copiesOf = (table: string, where: string, overrides: Record<string, string>) =>
    `INSERT INTO ${table} (${columns(table).join(', ')}) SELECT ${select(table, overrides)} FROM c, ${table} t WHERE ${where};`;
  const messageData = `json_set(
      CASE WHEN json_extract(t.data, '$.parentID') IS NULL THEN t.data
           ELSE json_set(t.data, '$.parentID', ${newId("json_extract(t.data, '$.parentID')")}) END,
      '$.time.created', json_extract(t.data, '$.time.created') - ${shift}
    )`;
  const sql = `
PRAGMA journal_mode = WAL;
BEGIN;
CREATE TEMP TABLE c AS WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < ${copies}) SELECT k FROM n;
${copiesOf('session', `t.id = '${template.id}'`, {
  id: newId('t.id'),
  slug: `t.slug || '-' || c.k`,
  title: `'Trend ' || c.k`,
  time_created: `t.time_created - ${shift}`,
  time_updated: `t.time_updated - ${shift}`,
})}
${copiesOf('message', `t.session_id = '${template.id}'`, {
  id: newId('t.id'),
  session_id: newId('t.session_id'),
  time_created: `t.time_created - ${shift}`,
  time_updated: `t.time_updated - ${shift}`,
  data: `CASE WHEN json_extract(t.data, '$.time.completed') IS NULL THEN ${messageData}
              ELSE json_set(${messageData}, '$.time.completed', json_extract(t.data, '$.time.completed') - ${shift}) END`,
})}
${copiesOf('part', `t.session_id = '${template.id}'`, {
  id: newId('t.id'),
  message_id: newId('t.message_id'),
  session_id: newId('t.session_id'),
  time_created: `t.time_created - ${shift}`,
  time_updated: `t.time_updated - ${shift}`,
})}
COMMIT;
`;
  execFileSync('sqlite3', [db], { input: sql, encoding: 'utf8' });
  await h.server.start();
  console.log(`  (filled ${sessions} sessions × ${turns * 2} messages in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return h;
}

/** The floor: every session's messages, TREND_CONCURRENCY requests in flight, newest session first. */
async function floor(url: string, targets: readonly Target[]): Promise<number> {
  let next = 0;
  let messages = 0;
  const worker = async () => {
    while (next < targets.length) {
      const read = await readRaw(url, targets[next++]);
      messages += read.messages;
    }
  };
  await Promise.all(Array.from({ length: TREND_CONCURRENCY }, worker));
  return messages;
}

/** The product: the TrendLoader on a fresh connection, from start() to its progress saying every session is read. */
async function product(url: string, expected: number): Promise<{ ms: number; days: number; connection: ServerConnection }> {
  const connection = await online(url);
  if (connection.sessions.size !== expected) throw new Error(`online with ${connection.sessions.size} of ${expected} sessions`);
  const t = performance.now();
  let loader: TrendLoader | undefined;
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      const p = loader?.progress();
      if (!p || p.reading) return;
      if (p.failed) reject(new Error(`${p.failed} sessions could not be read`));
      else if (p.read === p.sessions) resolve();
    };
    loader = new TrendLoader(connection, connection.onDidChangeSessions, check);
    loader.start();
  });
  const ms = performance.now() - t;
  loader!.dispose();
  // What the panel would draw from it, and that it is whole.
  const trend = usageByDay(connection.sessions.all(), (r) => connection.history.isComplete(r));
  if (trend.pending) throw new Error(`${trend.pending} sessions left out of the trend`);
  return { ms, days: trend.days.length, connection };
}

export async function benchTrends(sessions: number, messages: number, rounds: number): Promise<TrendsResult> {
  const h = await filled(sessions, Math.round(messages / sessions));
  try {
    const url = h.server.url;
    const listed = await allSessions(h);
    const targets = listed.sort((a, b) => b.time.updated - a.time.updated).map((s) => ({ id: s.id, directory: s.directory }));
    // Warm up both paths (JIT, the server's caches, the HTTP agent) before measuring.
    const total = await floor(url, targets);
    const warm = await product(url, targets.length);
    const loaded = [...warm.connection.sessions.all()].reduce((n, r) => n + r.messages.size, 0);
    warm.connection.dispose();
    const floors: number[] = [];
    const products: number[] = [];
    let days = 0;
    for (let round = 0; round < rounds; round++) {
      const t = performance.now();
      await floor(url, targets);
      floors.push(performance.now() - t);
      const p = await product(url, targets.length);
      p.connection.dispose();
      products.push(p.ms);
      days = p.days;
    }
    if (process.env.OCS_BENCH_VERBOSE)
      console.log(`  rounds: floor ${floors.map((t) => t.toFixed(0)).join(' ')} · product ${products.map((t) => t.toFixed(0)).join(' ')}`);
    console.log(`  (${total} messages served, ${loaded} assistant messages in the product's store)`);
    const floorMs = median(floors);
    const productMs = median(products);
    return { sessions: targets.length, messages: total, floorMs, productMs, ratio: productMs / floorMs, days };
  } finally {
    await h.dispose();
  }
}

export async function runTrendsBench(): Promise<TrendsResult> {
  const sessions = Number(process.env.OCS_BENCH_TREND_SESSIONS) || 2_000;
  const messages = Number(process.env.OCS_BENCH_TREND_MESSAGES) || 20_000;
  const rounds = Number(process.env.OCS_BENCH_TREND_ROUNDS) || 9;
  console.log(
    `trends (real opencode serve, ${sessions} sessions, ${messages} messages, ${TREND_CONCURRENCY} reads at once, ${rounds} alternating rounds, medians)`,
  );
  const r = await benchTrends(sessions, messages, rounds);
  console.log(`  floor (fetch + JSON.parse of every session's messages): ${r.floorMs.toFixed(0)} ms`);
  console.log(`  product (TrendLoader start → every session read, ${r.days} days in the trend): ${r.productMs.toFixed(0)} ms`);
  console.log(`  ratio product/floor: ×${r.ratio.toFixed(2)} (goal ≤ ×1.3: ${r.ratio <= 1.3 ? 'met' : 'MISSED'})`);
  return r;
}
