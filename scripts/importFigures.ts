// Prints the architecture's figures for the tree as it stands (ARCHITECTURE.md quotes them): files, the widest
// file, circles, upward or sideways imports, core and base files importing vscode, files importing OpenCode's SDK, who
// listens to a connection itself, the timers outside the core, and the longest import chain in each generation's folder.
// `node esbuild.mjs --tests && node out/scripts/importFigures.js` (from the repository root).
import { readFileSync } from 'node:fs';
import { circles, isUpward, longestChain, readModules } from './importGraph';

const modules = readModules(process.cwd());
const byFanOut = [...modules].sort((a, b) => b.imports.length - a.imports.length);
const upward = modules.flatMap((m) => m.imports.filter((t) => isUpward(m.file, t)).map((t) => `${m.file} → ${t}`));
const coreVscode = modules.filter((m) => /^src\/(base|store|present|client)\//.test(m.file) && m.packages.includes('vscode'));
const sdk = modules.filter((m) => m.packages.some((p) => p.startsWith('@opencode-ai/sdk')));

console.log(`files: ${modules.length}`);
console.log(`most modules of this repository imported by one file: ${byFanOut[0].imports.length} (${byFanOut[0].file})`);
for (const m of byFanOut.slice(0, 8)) console.log(`  ${m.imports.length} + ${m.packages.length} packages  ${m.file}`);
console.log(`circles: ${circles(modules).length}`);
console.log(`upward or sideways imports: ${upward.length}`);
for (const line of upward) console.log(`  ${line}`);
console.log(`core and base files importing vscode: ${coreVscode.length}`);
console.log(`files importing OpenCode's SDK: ${sdk.length} (${sdk.map((m) => m.file).join(', ')})`);
for (const folder of ['src/client/v1', 'src/client/v2']) {
  const chain = longestChain(modules, folder);
  console.log(`longest import chain in ${folder}: ${chain.length} (${chain.join(' → ')})`);
}

// Who listens to a connection itself (every view should hear the app's SessionsModel instead), and the timers.
const outsideCore = modules
  .filter((m) => /^src\/(app|features|api)\//.test(m.file))
  .map((m) => ({ file: m.file, text: readFileSync(m.file, 'utf8') }));
const listeners = outsideCore.filter((m) => /\.onDidChange(Sessions|State)(\.on)?\(/.test(m.text)).map((m) => m.file);
console.log(`files listening to a connection's own events: ${listeners.length} (${listeners.join(', ')})`);
for (const { file, text } of outsideCore) {
  const timers = (text.match(/ownTimer\(\)|setTimeout\(|setInterval\(/g) ?? []).length;
  if (timers) console.log(`  timers in ${file}: ${timers}`);
}
