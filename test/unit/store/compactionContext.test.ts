import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summaryTokens } from '../../../src/store/compactionContext';
import type { AssistantUsage } from '../../../src/store/sessionRecord';
import { usage } from '../helpers/factories';

const message = (id: string, created: number, output: number, summary: boolean): AssistantUsage => ({
  id,
  created,
  summary,
  usage: usage(50_000, output),
});

test("after compaction the context is the newest summary's, by OpenCode's formula (all of its tokens, as the tooltip's)", () => {
  assert.equal(summaryTokens([message('a', 1, 100, false)]), undefined);
  assert.equal(summaryTokens([message('a', 1, 100, false), message('s1', 2, 300, true), message('s2', 3, 400, true)]), 50_400);
});
