// Token and cost figures exactly as OpenCode records them; never recomputed from prices.
import { amount } from '../base/parse';

export interface Usage {
  input: number;
  output: number;
  reasoning: number;
  cacheRead: number;
  cacheWrite: number;
  /** USD, as the server recorded it. */
  cost: number;
}

/** The token block shared by sessions, assistant messages and `step-finish` parts. */
export interface ServerTokens {
  input?: number;
  output?: number;
  reasoning?: number;
  cache?: { read?: number; write?: number };
}

export const ZERO_USAGE: Readonly<Usage> = Object.freeze({ input: 0, output: 0, reasoning: 0, cacheRead: 0, cacheWrite: 0, cost: 0 });

export function usageOf(tokens: ServerTokens | undefined, cost: number | undefined): Usage {
  return {
    input: amount(tokens?.input),
    output: amount(tokens?.output),
    reasoning: amount(tokens?.reasoning),
    cacheRead: amount(tokens?.cache?.read),
    cacheWrite: amount(tokens?.cache?.write),
    cost: amount(cost),
  };
}

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    input: a.input + b.input,
    output: a.output + b.output,
    reasoning: a.reasoning + b.reasoning,
    cacheRead: a.cacheRead + b.cacheRead,
    cacheWrite: a.cacheWrite + b.cacheWrite,
    cost: a.cost + b.cost,
  };
}

/** Adds `b` to `total` in place: a sum over many sessions makes no object per term. */
export function addUsageInto(total: Usage, b: Usage): void {
  total.input += b.input;
  total.output += b.output;
  total.reasoning += b.reasoning;
  total.cacheRead += b.cacheRead;
  total.cacheWrite += b.cacheWrite;
  total.cost += b.cost;
}

/** `b` less `a`, kind by kind, below 0 where it fell (what a session's own figures moved by). */
export function usageDelta(a: Usage, b: Usage): Usage {
  return {
    input: b.input - a.input,
    output: b.output - a.output,
    reasoning: b.reasoning - a.reasoning,
    cacheRead: b.cacheRead - a.cacheRead,
    cacheWrite: b.cacheWrite - a.cacheWrite,
    cost: b.cost - a.cost,
  };
}

/** What `b` adds to `a`, kind by kind (never below 0: totals only grow). */
export function usageGrowth(a: Usage, b: Usage): Usage {
  return {
    input: Math.max(0, b.input - a.input),
    output: Math.max(0, b.output - a.output),
    reasoning: Math.max(0, b.reasoning - a.reasoning),
    cacheRead: Math.max(0, b.cacheRead - a.cacheRead),
    cacheWrite: Math.max(0, b.cacheWrite - a.cacheWrite),
    cost: Math.max(0, b.cost - a.cost),
  };
}

/** All tokens of every kind, as OpenCode's own `tokens.total` counts them. */
export function totalTokens(u: Usage): number {
  return u.input + u.output + u.reasoning + u.cacheRead + u.cacheWrite;
}

export function sameUsage(a: Usage, b: Usage): boolean {
  return (
    a.input === b.input &&
    a.output === b.output &&
    a.reasoning === b.reasoning &&
    a.cacheRead === b.cacheRead &&
    a.cacheWrite === b.cacheWrite &&
    a.cost === b.cost
  );
}
