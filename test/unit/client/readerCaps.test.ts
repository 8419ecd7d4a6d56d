// What a V1 server may send without end is read up to a cap and then stopped with a clear error: a session's message
// pages, a question's options, a turn's file paths (each added once without a search per path), an apiserver's error.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { errorMessage } from '../../../src/client/k8s/backend/clusterProblems';
import { MAX_SESSION_MESSAGES, messagePages, type PagedMessagesClient } from '../../../src/client/v1/messagePages';
import { parseQuestionRequest } from '../../../src/client/wire/requests';
import { addToolCall, noTools } from '../../../src/client/wire/turnTools';

/** A server whose every page of `size` messages names a next (older) page: it never ends. */
function endless(size: number): PagedMessagesClient & { pages: number } {
  const client = {
    pages: 0,
    session: {
      messages: ({ before }: { before?: string }) => {
        client.pages += 1;
        const at = Number(before ?? 1e9);
        const items = Array.from({ length: size }, (_, i) => ({ info: { id: `m${at - i}` } }));
        const response = new Response(null, { headers: { 'content-type': 'application/json', 'x-next-cursor': String(at - size) } });
        return Promise.resolve({ data: items, response });
      },
    },
  };
  return client;
}

describe('caps on what a server sends without end', () => {
  test('message pages that never end: the newest pages within the cap, then a clear "too large"', async () => {
    const client = endless(1000);
    let read = 0;
    await assert.rejects(
      (async () => {
        for await (const page of messagePages(client, 'ses_1', undefined, 1000)) read += page.length;
      })(),
      /Reading messages: the session has over 50,000 messages \(51,000 read, 0 MB\), more than the extension reads; the newest were read\./,
    );
    assert.equal(read, MAX_SESSION_MESSAGES);
    assert.equal(client.pages, MAX_SESSION_MESSAGES / 1000 + 1);
  });

  test('a question of 5 000 options: the first 1 000 read, and its header says how many it had', () => {
    const options = Array.from({ length: 5000 }, (_, i) => ({ label: `o${i}` }));
    const request = parseQuestionRequest({ id: 'que_1', sessionID: 's', questions: [{ question: 'Which?', header: 'Pick', options }] });
    assert.equal(request?.questions[0].options.length, 1000);
    assert.equal(request?.questions[0].header, 'Pick (the first 1000 of 5000 options)');
    const small = parseQuestionRequest({ id: 'que_2', sessionID: 's', questions: [{ question: 'Which?', options: options.slice(0, 3) }] });
    assert.equal(small?.questions[0].header, '');
  });

  test('a turn’s file paths: each once, in order, over 20 000 edits of 10 000 files', () => {
    const tools = noTools();
    for (let i = 0; i < 20_000; i++) addToolCall(tools, 'edit', { input: { filePath: `src/f${i % 10_000}.ts` } });
    assert.equal(tools.files.length, 10_000);
    assert.equal(tools.files[0], 'src/f0.ts');
    assert.equal(tools.files[9_999], 'src/f9999.ts');
  });

  test('an apiserver error: a Status message, cut to 500 characters; a huge body is not parsed', () => {
    assert.equal(errorMessage({ statusCode: 403, body: JSON.stringify({ message: 'no' }) }), 'no');
    assert.equal(errorMessage({ statusCode: 403, body: JSON.stringify({ message: 'x'.repeat(2000) }) }).length, 501);
    assert.equal(errorMessage({ statusCode: 500, body: `{"message":"${'x'.repeat(20_000)}"}` }), 'HTTP 500 Internal Server Error');
  });
});
