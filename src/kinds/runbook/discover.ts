// Finds the runbooks to sync: the `runbooks` input's glob patterns, relative to the workspace,
// matched by walk.ts (minimatch, as @actions/glob matches). Every problem is collected and reported at once, each naming its path.

import { lstat, realpath, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { decodeText, type TextEncodingName } from './encoding.js';
import { contentHash } from './hash.js';
import { walkPattern } from './walk.js';
import { visibleControls } from '../../log/inert.js';

/**
 * Largest runbook text accepted, in UTF-8 bytes. Azure's published Automation limits name no size
 * for runbook content (only 1 MiB for a job stream and 1 MB for a DSC node configuration); 1 MiB
 * is a conservative guard against uploading something that is not really a runbook.
 */
export const MAX_RUNBOOK_BYTES = 1024 * 1024;
/** Runbook names: the ARM path pattern in Microsoft.Automation 2024-10-23 runbook.json, 1-63 characters. */
export const RUNBOOK_NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9_-]*$/u;
export const RUNBOOK_NAME_MAX = 63;
/** Runbook files read at once. */
const READ_PARALLELISM = 32;

export interface DiscoveredRunbook {
  /** Automation runbook name: the file name without `.ps1` */
  name: string;
  /** workspace-relative path with forward slashes (for annotations and the path tag) */
  path: string;
  absolutePath: string;
  /** decoded text, line endings kept; uploaded as UTF-8 */
  content: string;
  /** sha256 hex of the UTF-8 content (see hash.ts) */
  hash: string;
  /** how the file was encoded */
  encoding: TextEncodingName;
  /** a remark about the encoding worth showing as a warning (guessed encoding) */
  encodingNote?: string;
}

export interface DiscoveryProblem {
  /** workspace-relative path (or the pattern, for a pattern that matched nothing) */
  path: string;
  message: string;
}

export class RunbookDiscoveryError extends Error {
  constructor(readonly problems: DiscoveryProblem[]) {
    super(
      `The runbooks input has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  - ${visibleControls(p.path)}: ${visibleControls(p.message)}`).join('\n'),
    );
    this.name = 'RunbookDiscoveryError';
  }
}

/** Checks a runbook name against Azure's rule; returns the reason it is invalid, or undefined. */
export function runbookNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'the runbook name (the file name without .ps1) is empty';
  if (name.length > RUNBOOK_NAME_MAX) {
    return `the runbook name "${name}" is ${name.length} characters long; Azure allows at most ${RUNBOOK_NAME_MAX}`;
  }
  if (!RUNBOOK_NAME_PATTERN.test(name)) {
    return (
      `"${name}" is not a valid runbook name: it must start with a letter and contain only letters, ` +
      'digits, underscores and hyphens (rename the file)'
    );
  }
  return undefined;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const isInside = (root: string, p: string): boolean => {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};
/**
 * Finds the runbooks matched by `patterns` (each relative to `workspace`; `!pattern` excludes).
 * Returns them sorted by name, or throws RunbookDiscoveryError listing every problem.
 */
export async function discoverRunbooks(patterns: string[], workspace: string): Promise<DiscoveredRunbook[]> {
  const root = path.resolve(workspace);
  const realRoot = await realpath(root);
  const lines = patterns.map((p) => p.trim()).filter((p) => p !== '' && !p.startsWith('#'));
  const include = lines.filter((p) => !p.startsWith('!'));
  const exclude = lines.filter((p) => p.startsWith('!')).map((p) => p.slice(1).trim());
  const problems: DiscoveryProblem[] = [];
  const matched = new Map<string, string>(); // absolute path -> workspace-relative path

  // One walk per include pattern, so that a pattern matching nothing can be named; the
  // exclusions apply to each. A pattern means what it says (no implicit descendants).
  for (const pattern of include) {
    const walked = await walkPattern(root, realRoot, pattern, exclude);
    problems.push(...walked.problems);
    if (walked.matched.length === 0 && walked.problems.length === 0) {
      problems.push({ path: pattern, message: 'the pattern matches no file' });
    }
    for (const rel of walked.matched) matched.set(path.join(root, rel), rel);
  }

  // Files are read concurrently (a few syscalls each: one after another, 800 files took ~0.2-0.3 s
  // before the first request); results and problems are kept in path order.
  const entries = [...matched].sort((a, b) => compare(a[1], b[1]));
  const read = new Array<{ runbook?: DiscoveredRunbook; problems: DiscoveryProblem[] }>(entries.length);
  let next = 0;
  const realDirs = new Map<string, Promise<string>>();
  const realOf = async (file: string): Promise<string> => {
    // A file that is no symbolic link itself resolves through its folder: one realpath per folder.
    if ((await lstat(file)).isSymbolicLink()) return realpath(file);
    const dir = path.dirname(file);
    let real = realDirs.get(dir);
    if (!real) realDirs.set(dir, (real = realpath(dir)));
    return path.join(await real, path.basename(file));
  };
  const worker = async () => {
    for (let i = next++; i < entries.length; i = next++) {
      const own: DiscoveryProblem[] = [];
      read[i] = { runbook: await readRunbook(entries[i][0], entries[i][1], realRoot, own, realOf), problems: own };
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_PARALLELISM, entries.length) }, worker));
  const runbooks: DiscoveredRunbook[] = [];
  for (const r of read) {
    problems.push(...r.problems);
    if (r.runbook !== undefined) runbooks.push(r.runbook);
  }

  const byName = new Map<string, DiscoveredRunbook[]>();
  for (const runbook of runbooks) {
    const key = runbook.name.toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), runbook]);
  }
  for (const same of byName.values()) {
    if (same.length < 2) continue;
    for (const runbook of same) {
      const others = same.filter((r) => r !== runbook).map((r) => r.path);
      problems.push({
        path: runbook.path,
        message: `runbook name "${runbook.name}" is also the name of ${others.join(', ')} (Azure runbook names ignore case); rename one of them`,
      });
    }
  }
  if (problems.length > 0) throw new RunbookDiscoveryError(problems);
  return runbooks.sort((a, b) => compare(a.name.toLowerCase(), b.name.toLowerCase()) || compare(a.path, b.path));
}

async function readRunbook(
  absolutePath: string,
  relative: string,
  realRoot: string,
  problems: DiscoveryProblem[],
  resolve: (p: string) => Promise<string>,
): Promise<DiscoveredRunbook | undefined> {
  const problem = (message: string) => {
    problems.push({ path: relative, message });
    return undefined;
  };
  if (relative === '..' || relative.startsWith('../') || path.isAbsolute(relative)) {
    return problem('is outside the workspace; runbook patterns are relative to the workspace and stay inside it');
  }
  let real: string;
  try {
    real = await resolve(absolutePath);
  } catch {
    return problem('cannot be resolved (a broken symbolic link?)');
  }
  if (!isInside(realRoot, real)) {
    return problem(`resolves to ${real}, outside the workspace; runbooks must be files of the repository`);
  }
  const info = await stat(real);
  if (info.isDirectory()) return problem('is a directory; use a pattern that matches .ps1 files, such as dir/*.ps1');
  if (!info.isFile()) return problem('is not a regular file');
  const extension = path.extname(relative);
  if (extension.toLowerCase() !== '.ps1') {
    return problem(`is not a .ps1 file; only PowerShell runbooks are synced`);
  }
  if (info.size > MAX_RUNBOOK_BYTES * 4) {
    return problem(`is ${info.size} bytes; a runbook may have at most ${MAX_RUNBOOK_BYTES} bytes`);
  }
  const decoded = decodeText(await readFile(real));
  // Text never holds NUL (UTF-16 is decoded by now): a binary file gets a short message here
  // instead of a header-check finding that quotes thousands of NULs.
  const nul = decoded.text.indexOf('\u0000');
  if (nul >= 0) {
    return problem(`is not text: it holds a NUL character (at character ${nul + 1}); runbooks are PowerShell scripts`);
  }
  const size = Buffer.byteLength(decoded.text, 'utf8');
  if (size > MAX_RUNBOOK_BYTES) {
    return problem(`is ${size} bytes as UTF-8; a runbook may have at most ${MAX_RUNBOOK_BYTES} bytes`);
  }
  const name = path.basename(relative, extension);
  const nameProblem = runbookNameProblem(name);
  if (nameProblem !== undefined) return problem(nameProblem);
  const runbook: DiscoveredRunbook = {
    name,
    path: relative,
    absolutePath,
    content: decoded.text,
    hash: contentHash(decoded.text),
    encoding: decoded.encoding,
  };
  if (decoded.note !== undefined) runbook.encodingNote = decoded.note;
  return runbook;
}
