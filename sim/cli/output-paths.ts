/**
 * Checking where a command will write, before anything runs: every output file and folder a
 * command names is vetted up front, so a bad path is refused with exit 2 and one line naming the
 * path and why, and nothing is printed as if the command ran, nothing is written and no
 * temporary file is made. The checks: a file target is not a folder or a device; a folder target
 * is not a file; every name fits the file system (255 bytes, with room for the temporary name
 * `NAME.<pid>.tmp` the atomic writers use beside the target); and the nearest existing folder
 * on the way is a folder this process can create files in, tried by creating and removing one
 * probe file there (so root, /proc and read-only mounts are judged by what really happens).
 */
import { closeSync, openSync, type Stats, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';

import { oneLine } from '../scenario/one-line.js';
import { UsageError } from './exit-codes.js';

/** The longest name of one path component most file systems accept, in bytes. */
export const NAME_MAX_BYTES = 255;
/** The longest whole path Linux accepts, in bytes. */
export const PATH_MAX_BYTES = 4095;

/** The suffix the atomic writers add to a target's name for its temporary file. */
const tempSuffix = (): string => `.${process.pid}.tmp`;

/**
 * A vetted output: the folder the files go in and the folders that do not exist yet (deepest
 * first).
 */
export interface VettedOutput {
  /** The folder the output files are written in (absolute). */
  folder: string;
  /** Folders on the way that do not exist yet, deepest first; the command creates them. */
  missing: string[];
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') return undefined;
    throw e;
  }
}

/** What a path that is neither a file nor a folder is, in words. */
function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFile()) return 'a file';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Refuses names too long for the file system, counting the temporary name of each file written. */
function checkLengths(
  flag: string,
  shown: string,
  abs: string,
  fileNames: readonly string[],
): void {
  if (Buffer.byteLength(abs) > PATH_MAX_BYTES)
    throw new UsageError(
      `${flag} ${shown}: the path is longer than ${PATH_MAX_BYTES} bytes; choose a shorter one`,
    );
  for (const part of abs.split(sep)) {
    if (Buffer.byteLength(part) > NAME_MAX_BYTES) {
      throw new UsageError(
        `${flag} ${shown}: the name "${part.slice(0, 24)}…" is ${Buffer.byteLength(part)} bytes, longer than the ${NAME_MAX_BYTES} a file system allows; choose a shorter one`,
      );
    }
  }
  for (const name of fileNames) {
    if (Buffer.byteLength(name + tempSuffix()) > NAME_MAX_BYTES) {
      throw new UsageError(
        `${flag} ${shown}: the file name "${name.slice(0, 24)}…" leaves no room for its temporary name (${NAME_MAX_BYTES} bytes at most); choose a shorter one`,
      );
    }
  }
}

/** Whether this process can create a file in the existing folder `dir`: the reason when not. */
function cannotWriteIn(dir: string): string | undefined {
  const probe = join(dir, `.movesim-probe${tempSuffix()}`);
  let fd: number;
  try {
    fd = openSync(probe, 'wx');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM')
      return `cannot create files in ${dir} (permission denied)`;
    if (code === 'EROFS') return `cannot create files in ${dir} (a read-only file system)`;
    if (code === 'EEXIST') return undefined;
    if (code === 'ENOENT')
      return `cannot create files in ${dir} (its file system does not allow new files)`;
    return `cannot create files in ${dir} (${code ?? String(e)})`;
  }
  closeSync(fd);
  unlinkSync(probe);
  return undefined;
}

/**
 * Vets the folder `dir` (named by `flag`) that the files `fileNames` will be written in. Throws
 * `UsageError` with the reason; returns the folder and the folders the command must create.
 */
export function vetOutputFolder(
  dir: string,
  flag: string,
  fileNames: readonly string[] = [],
  shown = dir,
): VettedOutput {
  const abs = resolve(dir);
  checkLengths(flag, shown, abs, fileNames);
  const missing: string[] = [];
  let existing = abs;
  let st = statOrUndefined(existing);
  while (st === undefined) {
    missing.push(existing);
    const up = dirname(existing);
    if (up === existing) throw new UsageError(`${flag} ${shown}: no part of the path exists`);
    existing = up;
    st = statOrUndefined(existing);
  }
  if (!st.isDirectory()) {
    const what =
      existing === abs
        ? `is ${kindOf(st)}, not a folder`
        : `${existing} is ${kindOf(st)}, not a folder`;
    throw new UsageError(`${flag} ${shown}: ${what}; name a folder (it is created when missing)`);
  }
  const why = cannotWriteIn(existing);
  if (why !== undefined)
    throw new UsageError(`${flag} ${shown}: ${why}; choose a folder you can write in`);
  if (missing.length === 0) {
    for (const name of fileNames) {
      const target = statOrUndefined(join(abs, name));
      if (target !== undefined && !target.isFile()) {
        throw new UsageError(
          `${flag} ${shown}: ${join(dir, name)} is ${kindOf(target)}, which movesim will not replace; move it away or choose another folder`,
        );
      }
    }
  }
  return { folder: abs, missing };
}

/**
 * Vets the file `file` (named by `flag`) a command will write atomically; throws `UsageError` with
 * the reason.
 */
export function vetOutputFile(file: string, flag: string): VettedOutput {
  const abs = resolve(file);
  if (file.endsWith('/') || file.endsWith(sep))
    throw new UsageError(
      `${flag} ${oneLine(file)}: names a folder; name a file, such as ${join(file, 'out.txt')}`,
    );
  const st = statOrUndefined(abs);
  if (st !== undefined && st.isDirectory())
    throw new UsageError(
      `${flag} ${oneLine(file)}: is a folder; name a file inside it, such as ${join(file, 'out.txt')}`,
    );
  if (st !== undefined && !st.isFile())
    throw new UsageError(
      `${flag} ${oneLine(file)}: is ${kindOf(st)}, not a regular file; movesim writes only regular files (use stdout for a pipe)`,
    );
  const name = basename(abs);
  checkLengths(flag, file, abs, [name]);
  return vetOutputFolder(dirname(abs), flag, [name], file);
}
