/**
 * Writing what a command produces (`--out FILE`, `init --dir DIR`). The file system's refusals (a folder that does
 * not exist, a file where a folder is expected, a folder where a file is expected, no permission, a full disk) are
 * the user's input problems: one line and exit 2, never an internal error with a stack trace.
 */
import { constants, type Stats } from "node:fs";
import { type FileHandle, lstat, mkdir, open, rename, rm, rmdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { CliError, EXIT } from "./errors.ts";
import { displayPath } from "./load.ts";

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** The nearest ancestor of `target` (itself included) that exists, and whether it is a folder. */
async function nearestExisting(target: string): Promise<{ path: string; isDirectory: boolean } | undefined> {
  for (let current = target; ; current = path.dirname(current)) {
    const info = await stat(current).catch(() => undefined);
    if (info) return { path: current, isDirectory: info.isDirectory() };
    if (path.dirname(current) === current) return undefined;
  }
}

/**
 * Why the file system refused `target`, in words. `shown` renders a path as the user would recognise it.
 * @param error the error of the refused call (its `code` decides the words).
 * @param target the absolute path the call was about.
 */
export async function fsRefusal(error: unknown, target: string, shown: (p: string) => string): Promise<string> {
  switch (code(error)) {
    case "ENOENT":
      return `the folder ${shown(path.dirname(target))} does not exist`;
    case "ENOTDIR": {
      const inTheWay = await nearestExisting(path.dirname(target));
      return inTheWay && !inTheWay.isDirectory
        ? `${shown(inTheWay.path)} is a file, not a folder`
        : "a part of the path is a file, not a folder";
    }
    case "EISDIR":
      return "it is a folder";
    case "EEXIST":
      return "a file of that name is in the way";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EROFS":
      return "the file system is read-only";
    case "ENOSPC":
      return "no space left on the device";
    case "EDQUOT":
      return "the disk quota is exceeded";
    case "ENAMETOOLONG":
      return "the name is too long";
    case "ELOOP":
      return "too many symbolic links";
    default: {
      const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
      return code(error) ?? message ?? "the file system refused it";
    }
  }
}

/** A path as the user would recognise it (`displayPath`), the working folder itself as `.`. */
const shownFrom = (cwd: string) => (p: string) => displayPath(p, cwd) || ".";

/**
 * Writes `text` to `out` (relative to `cwd`), replacing a regular file of that name. A refusal is a `CliError`
 * (exit 2): `<command>: cannot write <out>: the folder reports does not exist`; a FIFO, device or socket is refused
 * before it is opened (`it is a named pipe (FIFO); --out writes only regular files`).
 */
export async function writeOutputFile(command: string, out: string, cwd: string, text: string): Promise<void> {
  const target = path.resolve(cwd, out);
  const refuse = (why: string) => new CliError(`${command}: cannot write ${out}: ${why}`, EXIT.usage);
  // Only a regular file is replaced. Opening a FIFO without a reader blocks for ever, and a device or socket is no
  // place for a report: they are refused before anything opens them.
  const before = await stat(target).catch(() => undefined);
  if (before !== undefined && !before.isFile() && !before.isDirectory()) throw refuse(notRegular(before));
  let handle: FileHandle | undefined;
  try {
    // O_NONBLOCK: should a FIFO appear between the check and the open, the open fails (no reader) or the check on
    // the open file below refuses it, instead of hanging.
    handle = await open(target, constants.O_WRONLY | constants.O_CREAT | constants.O_NONBLOCK, 0o666);
    const opened = await handle.stat();
    if (!opened.isFile()) throw refuse(notRegular(opened));
    await handle.truncate(0);
    await handle.writeFile(text);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(
      `${command}: cannot write ${out}: ${await fsRefusal(error, target, shownFrom(cwd))}`,
      EXIT.usage,
    );
  } finally {
    await handle?.close();
  }
}

/** What a path that is not a regular file is, in words. */
function notRegular(info: Stats): string {
  const what = info.isFIFO()
    ? "a named pipe (FIFO)"
    : info.isCharacterDevice() || info.isBlockDevice()
      ? "a device"
      : info.isSocket()
        ? "a socket"
        : "not a regular file";
  return `it is ${what}; --out writes only regular files`;
}

/**
 * Creates `dir` and its missing parents one level at a time (Node's recursive mkdir loops forever on some file
 * systems, /proc for one), and returns the folders it created, outermost first, so a failure can remove them.
 */
async function ensureDir(dir: string, created: string[]): Promise<void> {
  const missing: string[] = [];
  for (let current = dir; ; current = path.dirname(current)) {
    const info = await stat(current).catch((error: unknown) => {
      if (code(error) === "ENOENT") return undefined;
      throw error;
    });
    if (info) {
      if (!info.isDirectory()) throw Object.assign(new Error(`${current} is not a folder`), { code: "ENOTDIR" });
      break;
    }
    missing.unshift(current);
    if (path.dirname(current) === current) break;
  }
  for (const folder of missing) {
    await mkdir(folder);
    created.push(folder);
  }
}

/**
 * Writes several files all or nothing: missing folders are created, each file is written next to its target under
 * a temporary name, and only when every one is written are they renamed into place. On a refusal the temporary
 * files and the folders created are removed, so nothing changed, and a `CliError` (exit 2) names the file.
 * @param files absolute path and content of each file.
 */
export async function writeFilesAtomically(
  command: string,
  files: ReadonlyArray<readonly [string, string]>,
  cwd: string,
): Promise<void> {
  const shown = shownFrom(cwd);
  const created: string[] = [];
  const written: string[] = [];
  let current = files[0]?.[0] ?? cwd;
  try {
    for (const [file] of files) {
      current = file;
      const existing = await lstat(file).catch(() => undefined);
      if (existing?.isDirectory()) throw Object.assign(new Error(`${file} is a folder`), { code: "EISDIR" });
      await ensureDir(path.dirname(file), created);
    }
    for (const [file, text] of files) {
      current = file;
      const temporary = path.join(path.dirname(file), `.${path.basename(file)}.govai-${process.pid}.tmp`);
      await writeFile(temporary, text);
      written.push(temporary);
    }
  } catch (error) {
    for (const temporary of written) await rm(temporary, { force: true });
    for (const folder of created.reverse()) await rmdir(folder).catch(() => undefined);
    throw new CliError(
      `${command}: cannot write ${shown(current)}: ${await fsRefusal(error, current, shown)}`,
      EXIT.usage,
    );
  }
  for (const [i, [file]] of files.entries()) {
    try {
      await rename(written[i]!, file);
    } catch (error) {
      // Renaming within one folder that just took a new file hardly fails; if it does, say how far it got.
      for (const temporary of written.slice(i)) await rm(temporary, { force: true });
      const done = files.slice(0, i).map(([f]) => shown(f));
      throw new CliError(
        `${command}: cannot write ${shown(file)}: ${await fsRefusal(error, file, shown)}${done.length > 0 ? ` (already written: ${done.join(", ")})` : ""}`,
        EXIT.usage,
      );
    }
  }
}
