// The committed bundle holds only what the action runs. @azure/identity's InteractiveBrowserCredential
// imports the `open` package (never used here: the action signs in with a client assertion), and ncc
// copied open's `xdg-open` shell script into dist/ beside it. `-e open` in the package script keeps
// that package, and its script, out of the bundle.
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const DIST = join(ROOT, 'dist');

describe('dist/', () => {
  it('ships no xdg-open (nor any other file than the bundle, its chunks, licenses and stamp)', () => {
    const files = readdirSync(DIST);
    expect(files).not.toContain('xdg-open');
    const unexpected = files.filter(
      (f) => !/^(\d+\.)?index\.js$|^licenses\.txt$|^source\.sha256$|^package\.json$/.test(f),
    );
    expect(unexpected).toEqual([]);
  });

  it('is built with `open` external', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.package).toMatch(/ncc build .* -e open\b/);
  });
});
