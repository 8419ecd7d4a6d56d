// The usage tables' column widths: no figure is ever narrower than its column's least width.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { columnTemplate, headerText, leastCh, leastWidth, FULL_HEADERS_PX } from '../../webview/columns';

describe('usage table columns', () => {
  test("a column is as wide as its widest figure (a step cost's six decimals) or its header's longest word", () => {
    assert.equal(leastCh({ full: 'Cost', short: 'Cost' }, ['$0.073412', '$12.500000']), 10);
    assert.equal(leastCh({ full: 'Reasoning', short: 'Reas.' }, ['0', '12']), 9);
    assert.equal(leastCh({ full: 'Cache efficiency', short: 'C. eff.' }, ['100%']), 10);
  });

  test('the template gives each column its least width and a share of the rest; below the sum, it scrolls', () => {
    assert.equal(columnTemplate([4, 10], [1, 2]), 'minmax(calc(4ch + 12px), 1fr) minmax(calc(10ch + 12px), 2fr)');
    assert.equal(leastWidth([4, 10]), 'calc(14ch + 24px)');
  });

  test('short headers in a narrow table, full ones with room', () => {
    const header = { full: 'Cache read', short: 'C. read' };
    assert.equal(headerText(header, 790), 'C. read');
    assert.equal(headerText(header, FULL_HEADERS_PX), 'Cache read');
  });
});
