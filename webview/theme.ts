// Chart colours come from the theme (`--vscode-charts-*`), re-read whenever VS Code switches themes
// (it changes the body's class), so light, dark and high-contrast themes all stay readable.
import { opaque } from './opaque';

export interface Palette {
  input: string;
  output: string;
  reasoning: string;
  cacheRead: string;
  cacheWrite: string;
  cost: string;
  context: string;
  limit: string;
  threshold: string;
  marker: string;
  text: string;
  grid: string;
  /** The page's own background (borders that separate slices). */
  background: string;
  series: string[];
}

function css(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

const series = (name: string, fallback: string) => opaque(css(name, fallback));

export function palette(): Palette {
  const blue = series('--vscode-charts-blue', '#3794ff');
  const orange = series('--vscode-charts-orange', '#d18616');
  const purple = series('--vscode-charts-purple', '#b180d7');
  const green = series('--vscode-charts-green', '#89d185');
  const yellow = series('--vscode-charts-yellow', '#cca700');
  const red = series('--vscode-charts-red', '#f14c4c');
  const text = css('--vscode-charts-foreground', css('--vscode-foreground', '#cccccc'));
  return {
    input: blue,
    output: orange,
    reasoning: purple,
    cacheRead: green,
    cacheWrite: yellow,
    cost: orange,
    context: blue,
    limit: red,
    threshold: yellow,
    marker: purple,
    text,
    grid: css('--vscode-charts-lines', 'rgba(128,128,128,0.35)'),
    background: css('--vscode-editor-background', '#1e1e1e'),
    series: [blue, orange, green, purple, yellow, red],
  };
}

export function onThemeChange(listener: () => void): void {
  new MutationObserver(listener).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
