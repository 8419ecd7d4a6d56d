// How `npm run demo` starts VS Code on its data (scripts/demo.ts), shared with the UI test that opens it as a
// newcomer does (test/ui/demo/firstIcon.test.ts).
import type { DemoData } from './demoData';

/**
 * The builtin extensions the demo keeps (folder names in VS Code's `extensions`): the default themes and file icons,
 * Markdown's preview (a transcript opens in it), settings.json, and the grammars of the files the sample sessions
 * show. The others (95 in all; the JavaScript debugger, Copilot, Git and TypeScript's language features alone are
 * 0.9 MB of manifests) made every window wait for them: their scan and their manifests, sent again with each list of
 * installed extensions the workbench asks for, came before the OpenCode icon (didStartWorkbench → the icon 4.2–7.1 s
 * with them, 2.3–3.6 s without, on one busy machine; README).
 */
export const DEMO_BUILTIN_EXTENSIONS = [
  'theme-defaults',
  'theme-seti',
  'markdown-basics',
  'markdown-language-features',
  'json',
  'json-language-features',
  'configuration-editing',
  'typescript-basics',
  'javascript',
  'css',
  'html',
  'shellscript',
  'yaml',
  'ini',
  'dotenv',
  'diff',
  'log',
] as const;

/** The VS Code server options the demo starts VS Code with (besides its port and host). */
export function demoVsCode(data: DemoData) {
  return {
    workspace: data.webshop,
    machineSettings: data.machineSettings,
    // Without the smoke-test driver, which holds back every notification toast (Compact's result, new requests, budgets).
    toasts: true,
    env: data.env,
    builtinExtensions: DEMO_BUILTIN_EXTENSIONS,
  };
}
