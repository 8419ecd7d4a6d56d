// Reading and writing an OpenCode config file the user asked *Install Status Tool* to change. A folder's
// opencode.json comes with the repository, and a symbolic link there could point anywhere the user can write:
// following it would write the plugin list (and whatever JSON the target held) through to that file, or read
// that file into the folder's. So a folder's config must be a plain file: a link is refused, and the write opens
// with O_NOFOLLOW, so a link put there between the check and the write is refused too. The user's global config
// may be a link (dotfile managers make them): it is the user's own.
import { constants, closeSync, existsSync, lstatSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export interface ConfigFileOptions {
  /** False for a folder's config: a symbolic link there is refused. */
  followLinks: boolean;
}

export class LinkedConfigError extends Error {}

/** The file's text, or undefined when there is none; throws LinkedConfigError for a refused link. */
export function readConfigFile(file: string, options: ConfigFileOptions): string | undefined {
  if (!options.followLinks && isLink(file)) throw new LinkedConfigError(`${file} is a symbolic link`);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/** Writes the file whole (creating its folder); throws LinkedConfigError for a refused link. */
export function writeConfigFile(file: string, text: string, options: ConfigFileOptions): void {
  mkdirSync(dirname(file), { recursive: true });
  const noFollow = options.followLinks ? 0 : constants.O_NOFOLLOW;
  let fd: number;
  try {
    fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | noFollow, 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOOP') throw new LinkedConfigError(`${file} is a symbolic link`);
    throw err;
  }
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

function isLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}
