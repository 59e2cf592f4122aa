/**
 * Reading one evidence file, confined to the spec's folder. A spec names its evidence files, and a spec can come
 * from anyone (a pull request, another team's pilot), so the path is not trusted:
 *
 * - it is relative (no `/etc/passwd`), and stays inside the spec's folder once `..` is resolved;
 * - the file it reaches, with every symbolic link resolved (`realpath`), is still inside the folder, itself resolved;
 * - it is a regular file: never a FIFO (reading one blocks until a writer comes), a device (`/dev/zero` never
 *   ends), a socket or a folder;
 * - it is at most {@link MAX_EVIDENCE_BYTES}, checked before reading and while reading (a file that grows).
 *
 * A refusal says what is wrong with the path; it never reads, and so never echoes, the file it refused.
 */
import { constants } from "node:fs";
import { open, realpath, stat } from "node:fs/promises";
import { isAbsolute, relative, resolve, sep, win32 } from "node:path";

/**
 * The largest evidence file read: 1 MiB. An evidence file is one small JSON or YAML record (the examples are under
 * 300 bytes); the limit leaves room for a long findings summary and keeps a mistaken or hostile path (a log, an
 * image, a disk image) from being read into memory.
 */
export const MAX_EVIDENCE_BYTES = 1024 * 1024;

/** The text of the file, or why it was not read. */
export type EvidenceRead = { ok: true; text: string } | { ok: false; problem: string };

/** Why a file of `size` bytes is not read (`undefined`: it grew past the limit while it was read). */
export const tooLarge = (target: string, size: number | undefined) =>
  size === undefined
    ? `${target} is larger than ${MAX_EVIDENCE_BYTES} bytes (1 MiB), the most an evidence file may be`
    : `${target} is ${size} bytes; an evidence file is at most ${MAX_EVIDENCE_BYTES} bytes (1 MiB)`;

function leaves(folder: string, target: string): boolean {
  const rel = relative(folder, target);
  return rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel);
}

/**
 * Where `file` (as written in the spec) points inside `folder`, or why it may not be read. Pure: no file system.
 * @param file the path as written in `readiness.evidence.<key>.file`.
 * @param folder the absolute folder of the spec.
 */
export function confinedPath(
  file: string,
  folder: string,
): { ok: true; target: string } | { ok: false; problem: string } {
  if (file.includes("\0")) return { ok: false, problem: "the path contains a NUL byte" };
  // Both forms: a spec written on Windows (C:\…, \\server\share) is refused on Linux too.
  if (isAbsolute(file) || win32.isAbsolute(file)) {
    return {
      ok: false,
      problem: `the path ${JSON.stringify(file)} is absolute; evidence files are given relative to the spec's folder`,
    };
  }
  const target = resolve(folder, file);
  if (target === folder) return { ok: false, problem: `the path ${JSON.stringify(file)} is the spec's folder itself` };
  if (leaves(folder, target)) {
    return {
      ok: false,
      problem: `the path ${JSON.stringify(file)} leaves the spec's folder; evidence files must be inside it`,
    };
  }
  return { ok: true, target };
}

function kindOf(info: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
}): string {
  if (info.isDirectory()) return "a folder";
  if (info.isFIFO()) return "a FIFO";
  if (info.isCharacterDevice() || info.isBlockDevice()) return "a device";
  if (info.isSocket()) return "a socket";
  return "not a regular file";
}

const errno = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | undefined)?.code;

/** Why `target` could not be read: the path and the system's error code, when the error has one. */
export function cannotRead(target: string, error: unknown): string {
  const code = errno(error);
  return `cannot read ${target}${code ? ` (${code})` : ""}`;
}

/**
 * Reads `target` (from {@link confinedPath}) if it really is a regular file of at most MAX_EVIDENCE_BYTES inside
 * `folder`, following no symbolic link out of it.
 */
export async function readConfined(target: string, folder: string): Promise<EvidenceRead> {
  let realFolder: string;
  let realTarget: string;
  try {
    realFolder = await realpath(folder);
  } catch (error) {
    return { ok: false, problem: `cannot read the spec's folder ${folder} (${errno(error) ?? "error"})` };
  }
  try {
    realTarget = await realpath(target);
  } catch (error) {
    return { ok: false, problem: cannotRead(target, error) };
  }
  if (realTarget === realFolder || leaves(realFolder, realTarget)) {
    return {
      ok: false,
      problem: `${target} leads through a symbolic link out of the spec's folder; evidence files must be inside it`,
    };
  }
  const info = await stat(realTarget).catch(() => undefined);
  if (info === undefined) return { ok: false, problem: `cannot read ${target}` };
  if (!info.isFile()) return { ok: false, problem: `${target} is ${kindOf(info)}, not a regular file` };
  if (info.size > MAX_EVIDENCE_BYTES) return { ok: false, problem: tooLarge(target, info.size) };

  // O_NOFOLLOW: the resolved path has no link left, so a link here was swapped in after the check. O_NONBLOCK: a
  // FIFO swapped in likewise must not block the open; fstat then refuses it.
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(realTarget, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    return { ok: false, problem: cannotRead(target, error) };
  }
  try {
    const opened = await handle.stat();
    if (!opened.isFile() || opened.ino !== info.ino || opened.dev !== info.dev) {
      return { ok: false, problem: `${target} changed while it was being read` };
    }
    // One byte more than allowed: reading it proves the file grew past the limit after the size check.
    const buffer = Buffer.alloc(MAX_EVIDENCE_BYTES + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > MAX_EVIDENCE_BYTES) return { ok: false, problem: tooLarge(target, undefined) };
    }
    return { ok: true, text: buffer.subarray(0, length).toString("utf8") };
  } catch (error) {
    return { ok: false, problem: cannotRead(target, error) };
  } finally {
    await handle.close();
  }
}
