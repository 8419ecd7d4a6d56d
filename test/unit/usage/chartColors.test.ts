// The usage charts' series colours are drawn at full strength, whatever alpha a theme gives them (a
// translucent theme colour, as Dark Modern's charts.orange, would draw the cost line dark brown).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { opaque } from '../../../webview/opaque';

test('a theme colour with alpha is drawn without it; one without is left as it is', () => {
  assert.equal(opaque('#d1861680'), '#d18616');
  assert.equal(opaque('#f808'), '#f80');
  assert.equal(opaque('rgba(209, 134, 22, 0.5)'), 'rgb(209, 134, 22)');
  assert.equal(opaque('rgb(209 134 22 / 50%)'), 'rgb(209, 134, 22)');
  for (const color of ['#d18616', '#f80', 'rgb(1, 2, 3)', 'orange']) assert.equal(opaque(color), color);
});
