// Walks the workspace for one `runbooks` glob pattern. Own walker (not @actions/glob's) because
// it must decide at each symbolic link: a link that leaves the workspace is refused before it is
// walked (a link to /usr is one problem, not 207k files read), and a dangling link matters only
// when the pattern matches it (a broken README.md link beside the runbooks is not a problem).
// Matching is minimatch with the options @actions/glob uses, on workspace-relative paths.
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { Minimatch, type MinimatchOptions } from 'minimatch';

const OPTIONS: MinimatchOptions = {
  dot: true,
  nobrace: true,
  nocase: process.platform === 'win32',
  nocomment: true,
  noext: true,
  nonegate: true,
};

export interface WalkProblem {
  /** workspace-relative, forward slashes */
  path: string;
  message: string;
}

export interface WalkResult {
  /** workspace-relative paths of the matches, forward slashes */
  matched: string[];
  problems: WalkProblem[];
}

const isInside = (root: string, p: string): boolean => {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/** The leading segments without glob characters: where the walk starts. */
function literalPrefix(pattern: string): string[] {
  const out: string[] = [];
  for (const segment of pattern.split('/')) {
    if (/[*?[\\]/u.test(segment)) break;
    out.push(segment);
  }
  return out;
}

class Matcher {
  private readonly include: Minimatch;
  private readonly exclude: Minimatch[];
  private readonly globstarLast: boolean;
  constructor(pattern: string, excludes: string[]) {
    this.include = new Minimatch(pattern, OPTIONS);
    this.exclude = excludes.map((e) => new Minimatch(path.posix.normalize(e), OPTIONS));
    this.globstarLast = pattern.endsWith('/**') || pattern === '**';
  }
  /** `rel` is a match (a trailing `**` also matches its folder itself, as in @actions/glob). */
  matches(rel: string): boolean {
    const item = this.globstarLast ? `${rel}/` : rel;
    return this.include.match(item) && !this.exclude.some((e) => e.match(rel) || e.match(`${rel}/`));
  }
  /** Something below `rel` could match. */
  mayMatchBelow(rel: string): boolean {
    return this.include.matchOne(rel.split('/'), this.include.set[0], true);
  }
}

type Kind = 'file' | 'dir' | 'other' | 'broken' | 'outside-dir';

/** What an entry is, following a symbolic link only as far as its target's type and place. */
async function kindOf(abs: string, realRoot: string): Promise<{ kind: Kind; real?: string }> {
  const own = await lstat(abs);
  if (!own.isSymbolicLink()) return { kind: own.isDirectory() ? 'dir' : own.isFile() ? 'file' : 'other' };
  let real: string;
  try {
    real = await realpath(abs);
  } catch {
    return { kind: 'broken' };
  }
  const target = await stat(real);
  if (target.isDirectory()) return { kind: isInside(realRoot, real) ? 'dir' : 'outside-dir', real };
  return { kind: target.isFile() ? 'file' : 'other', real };
}

/** Every match of `pattern` (relative to root; `excludes` likewise) and the problems met on the way. */
export async function walkPattern(
  root: string,
  realRoot: string,
  pattern: string,
  excludes: string[],
): Promise<WalkResult> {
  const normalized = path.posix.normalize(pattern);
  const matcher = new Matcher(normalized, excludes);
  const result: WalkResult = { matched: [], problems: [] };
  const start = literalPrefix(normalized).join('/');
  // `above`: real paths of the folders being walked, so a symbolic link loop ends
  const visit = async (rel: string, isStart: boolean, above: ReadonlySet<string>): Promise<void> => {
    const abs = path.join(root, rel);
    let entry: { kind: Kind; real?: string };
    try {
      entry = await kindOf(abs, realRoot);
    } catch {
      return; // vanished, or the literal start does not exist: no match
    }
    const display = rel === '' ? '.' : rel;
    if (entry.kind === 'broken') {
      if (matcher.matches(rel)) {
        result.problems.push({
          path: display,
          message: /\.ps1$/iu.test(rel)
            ? 'is a broken symbolic link'
            : 'is not a .ps1 file; only PowerShell runbooks are synced',
        });
      }
      return;
    }
    if (entry.kind === 'outside-dir') {
      if (matcher.matches(rel) || matcher.mayMatchBelow(rel) || isStart) {
        result.problems.push({
          path: display,
          message: `is a symbolic link to ${entry.real}, outside the workspace; it is not walked (runbooks must be files of the repository)`,
        });
      }
      return;
    }
    if (rel !== '' && matcher.matches(rel)) result.matched.push(rel);
    if (entry.kind !== 'dir' || !(isStart || matcher.mayMatchBelow(rel))) return;
    const real = entry.real ?? (await realpath(abs));
    if (!isInside(realRoot, real)) {
      result.problems.push({ path: display, message: 'is outside the workspace; runbook patterns stay inside it' });
      return;
    }
    if (above.has(real)) return;
    let names: string[];
    try {
      names = (await readdir(abs)).sort();
    } catch (e) {
      result.problems.push({ path: display, message: `cannot be read: ${(e as NodeJS.ErrnoException).code ?? e}` });
      return;
    }
    const below = new Set([...above, real]);
    for (const name of names) await visit(rel === '' ? name : `${rel}/${name}`, false, below);
  };
  await visit(start === '.' ? '' : start, true, new Set());
  return result;
}
