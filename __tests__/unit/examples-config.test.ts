// examples/exo-automation.yml, the complete desired-state file of the README, passes the loader
// (schema and rules) and names every top-level section the schema accepts.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';

const ROOT = join(import.meta.dirname, '..', '..');
const text = readFileSync(join(ROOT, 'examples', 'exo-automation.yml'), 'utf8');
const schema = JSON.parse(readFileSync(join(ROOT, 'exo-automation.schema.json'), 'utf8')) as {
  properties: Record<string, unknown>;
};

describe('examples/exo-automation.yml', () => {
  const state = loadConfig(text, 'examples/exo-automation.yml', {
    runtimeVersions: ['7.4'],
    env: { REPORT_KEY: 'example' },
    runbookPaths: ['runbooks/Get-InactiveMailboxes.ps1', 'runbooks/Get-AcceptedDomainReport.ps1'],
  });

  it('loads, with every top-level key of the schema', () => {
    expect(Object.keys(schema.properties).filter((k) => !(k in state) && !text.includes(`\n${k}:`))).toEqual([]);
    expect(Object.keys(state.variables)).toEqual(['TenantDomain', 'InactiveDays', 'ReportKey']);
    expect(state.variables.ReportKey).toMatchObject({ 'from-env': 'REPORT_KEY', encrypted: true });
  });

  it('names runbooks that exist in examples/runbooks', () => {
    for (const r of state.runbooks ?? []) {
      expect(() => readFileSync(join(ROOT, 'examples', r.path), 'utf8')).not.toThrow();
    }
  });

  it('points editors at the schema', () => {
    expect(text.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=\S+exo-automation\.schema\.json$/);
  });

  it('is refused without its from-env variable in the environment', () => {
    expect(() => loadConfig(text, 'x.yml', { runtimeVersions: ['7.4'], env: {} })).toThrow(/REPORT_KEY is not set/);
  });
});
