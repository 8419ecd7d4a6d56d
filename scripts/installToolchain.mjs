// `node scripts/installToolchain.mjs`: installs the VS Code server toolchain into .cache/ unless it is there
// (scripts/toolchain.mjs). scripts/setup.sh runs it beside `npm ci`.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installToolchain } from './toolchain.mjs';

installToolchain(join(dirname(fileURLToPath(import.meta.url)), '..')).catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
