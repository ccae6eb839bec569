// action.yml, readInputs, README.md and CONTRACT.md must name the same inputs and outputs.
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { INPUT_DEFAULTS, readInputs, REQUIRED_INPUTS } from '../../src/inputs.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// CI clones the repository with the shared product docs beside it (../shared).
const CONTRACT_PATH = join(ROOT, '..', 'shared', 'CONTRACT.md');

// CONTRACT.md section 3, by hand: the test still runs where ../shared is absent.
const CONTRACT_OUTPUTS = ['principal-id', 'client-id', 'changes', 'drift', 'plan', 'smoke-test'];
// CONTRACT-NEXT.md section 1, landed (issue 14): the identity outputs under names that do not collide
// with the input client-id; principal-id / client-id stay as deprecated aliases for one major version.
const NEXT_OUTPUTS = ['identity-principal-id', 'identity-client-id'];
const DEPRECATED_OUTPUTS = ['principal-id', 'client-id'];
// CONTRACT-NEXT.md section 1, landed (issue 13, fidelity): in action.yml and the README, not yet in CONTRACT.md.
const NEXT_INPUTS = [
  'exchange-environment',
  'allow-retired-runtimes',
  // CONTRACT-NEXT.md section 5 (issue 18, what the runbooks need): the Graph permission inputs
  'graph-permissions',
  'exclusive-graph-permissions',
  'allow-privileged-permissions',
  // and the extra gallery packages
  'modules',
  // CONTRACT-NEXT.md section 3 (issue 17, runbooks as a service): the desired-state file
  'config',
];

interface ActionYml {
  name: string;
  description: string;
  branding?: { icon?: string; color?: string };
  inputs: Record<string, { description?: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description?: string }>;
  runs: { using: string; main: string };
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYml;

/** The input names readInputs asks for, found by recording its `get` calls. */
function namesReadByReadInputs(): string[] {
  const seen = new Set<string>();
  try {
    readInputs((name) => {
      seen.add(name);
      return '';
    });
  } catch {
    // all-empty input is invalid; only the names matter here
  }
  return [...seen];
}

/** Rows of the first markdown table after `heading`: arrays of trimmed cells. */
function tableAfter(markdown: string, heading: RegExp): string[][] {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((l) => heading.test(l));
  if (start < 0) return [];
  const rows: string[][] = [];
  let inTable = false;
  for (const line of lines.slice(start + 1)) {
    if (/^#{1,6}\s/.test(line) && !inTable) break;
    if (line.trim().startsWith('|')) {
      inTable = true;
      const cells = line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|');
      rows.push(cells.map((c) => c.trim()));
    } else if (inTable) {
      break;
    }
  }
  // drop the header row and the |---| separator
  return rows.filter((r, i) => i > 0 && !/^:?-{3,}:?$/.test(r[0]));
}

/** Backquoted names in the first cell of each row (a cell may list several, e.g. CONTRACT's endpoint overrides). */
function firstColumnNames(rows: string[][]): string[] {
  return rows.flatMap((r) => [...r[0].matchAll(/`([^`]+)`/g)].map((m) => m[1]));
}

const sorted = (names: Iterable<string>) => [...names].sort();

describe('action.yml', () => {
  it('declares exactly the inputs readInputs reads', () => {
    expect(sorted(Object.keys(action.inputs))).toEqual(sorted(namesReadByReadInputs()));
  });

  it('declares exactly the outputs of the contract', () => {
    expect(sorted(Object.keys(action.outputs))).toEqual(sorted([...CONTRACT_OUTPUTS, ...NEXT_OUTPUTS]));
  });

  it('documents the deprecated aliases as such, naming their successor', () => {
    for (const name of DEPRECATED_OUTPUTS) {
      expect(action.outputs[name].description).toMatch(new RegExp(`^Deprecated alias of identity-${name}\\b`));
    }
  });

  it('fits the Marketplace: a description under 125 characters and a real author', () => {
    expect(action.description.length).toBeLessThan(125);
    expect((action as { author?: string }).author).toMatch(/\S/);
  });

  it('describes every input and output', () => {
    for (const [name, spec] of [...Object.entries(action.inputs), ...Object.entries(action.outputs)]) {
      expect({ name, ok: (spec.description ?? '').length > 15 }).toEqual({ name, ok: true });
    }
  });

  it('marks the required inputs required and gives no default to them', () => {
    const required = Object.entries(action.inputs)
      .filter(([, spec]) => spec.required === true)
      .map(([name]) => name);
    expect(sorted(required)).toEqual(sorted(REQUIRED_INPUTS));
    for (const name of REQUIRED_INPUTS) expect(action.inputs[name].default).toBeUndefined();
  });

  it('has the same defaults as the code, and github-token defaults to the job token', () => {
    const declared = Object.fromEntries(
      Object.entries(action.inputs)
        .filter(([name, spec]) => spec.default !== undefined && name !== 'github-token')
        .map(([name, spec]) => [name, String(spec.default)]),
    );
    expect(declared).toEqual(INPUT_DEFAULTS);
    expect(action.inputs['github-token'].default).toBe('${{ github.token }}');
  });

  it('runs on node24 from dist/index.js and has branding', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    expect(action.branding?.icon).toBeTruthy();
    expect(action.branding?.color).toBeTruthy();
  });
});

describe('README.md', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

  it('lists the inputs of action.yml in its "## Inputs" table', () => {
    expect(sorted(firstColumnNames(tableAfter(readme, /^## Inputs\s*$/)))).toEqual(sorted(Object.keys(action.inputs)));
  });

  it('lists the outputs of action.yml in its "## Outputs" table', () => {
    expect(sorted(firstColumnNames(tableAfter(readme, /^## Outputs\s*$/)))).toEqual(
      sorted(Object.keys(action.outputs)),
    );
  });

  it('has the quick start commands and a Contract section', () => {
    expect(readme).toContain('npm ci && npm run demo');
    expect(readme).toContain('npm ci && npm test');
    expect(readme).toMatch(/^## Contract\s*$/m);
  });
});

describe('CONTRACT.md (../shared, when present)', () => {
  const present = existsSync(CONTRACT_PATH);
  const maybe = present ? it : it.skip;
  const contract = present ? readFileSync(CONTRACT_PATH, 'utf8') : '';

  maybe('inputs table names the inputs of action.yml', () => {
    const rows = tableAfter(contract, /^## 2\. Inputs/);
    const landed = firstColumnNames(rows);
    const next = NEXT_INPUTS.filter((n) => !landed.includes(n)); // until the lead moves them into CONTRACT.md
    expect(sorted([...landed, ...next])).toEqual(sorted(Object.keys(action.inputs)));
  });

  maybe('outputs table names the outputs of action.yml', () => {
    const rows = tableAfter(contract, /^## 3\. Outputs/);
    expect(sorted(firstColumnNames(rows))).toEqual(sorted(CONTRACT_OUTPUTS));
  });

  maybe("README's Contract section carries sections 4 and 5 word for word", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.search(/^## Contract\s*$/m), readme.search(/^## Development\s*$/m));
    const twin = contract.slice(contract.search(/^## 4\. /m));
    for (const line of twin.split(/\r?\n/)) {
      if (line.trim() === '') continue;
      const expected = line.startsWith('## ') ? `#${line}` : line; // headings one level down in README
      expect({ line: expected, found: section.includes(expected) }).toEqual({ line: expected, found: true });
    }
  });

  maybe('literal defaults agree with action.yml', () => {
    const inputs = new Set(Object.keys(action.inputs));
    for (const row of tableAfter(contract, /^## 2\. Inputs/)) {
      const literal = /^`([^`]+)`$/.exec(row[1]);
      if (!literal || inputs.has(literal[1])) continue; // "required", "none", or a reference to another input
      for (const [, name] of row[0].matchAll(/`([^`]+)`/g)) {
        expect({ name, default: action.inputs[name].default }).toEqual({ name, default: literal[1] });
      }
    }
  });
});
