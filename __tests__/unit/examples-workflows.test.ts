// examples/workflows/*.yml (push, schedule, pull request, fleet) parse, use only inputs and outputs
// that action.yml declares (no deprecated output), give every required input, pass readInputs with
// their literal values, and ask for the permissions the action needs.
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readInputs } from '../../src/inputs.js';

const ROOT = join(import.meta.dirname, '..', '..');
const DIR = join(ROOT, 'examples', 'workflows');
const DEPRECATED_OUTPUTS = ['principal-id', 'client-id'];

interface ActionYml {
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, unknown>;
}
interface Step {
  id?: string;
  uses?: string;
  with?: Record<string, unknown>;
}
interface Job {
  permissions?: Record<string, string>;
  'timeout-minutes'?: number;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYml;
const files = readdirSync(DIR).filter((f) => f.endsWith('.yml'));
const workflows = files.map((f) => [f, parse(readFileSync(join(DIR, f), 'utf8')) as Workflow] as const);

/** Stand-ins for `${{ ... }}` values (the only inputs an example may take from an expression). */
const EXPRESSION_VALUES: Record<string, string> = {
  'tenant-id': '11111111-1111-1111-1111-111111111111',
  'client-id': '22222222-2222-2222-2222-222222222222',
  'subscription-id': '33333333-3333-3333-3333-333333333333',
  organization: 'contoso.onmicrosoft.com',
  'resource-group': 'rg-exo',
  'automation-account': 'aa-exo',
};

function actionSteps(w: Workflow): Step[] {
  return Object.values(w.jobs).flatMap((j) => j.steps.filter((s) => /exo-automation@/.test(s.uses ?? '')));
}

describe('examples/workflows', () => {
  it('covers push, schedule, pull request and a fleet', () => {
    expect(files.sort()).toEqual(['apply.yml', 'drift.yml', 'fleet.yml', 'plan.yml']);
    const triggers = new Set(workflows.flatMap(([, w]) => Object.keys(w.on)));
    for (const t of ['push', 'schedule', 'pull_request']) expect(triggers).toContain(t);
  });

  describe.each(workflows)('%s', (_file, w) => {
    const steps = actionSteps(w);

    it('uses the action, with only declared inputs and every required one', () => {
      expect(steps.length).toBeGreaterThan(0);
      const required = Object.entries(action.inputs)
        .filter(([, s]) => s.required)
        .map(([n]) => n);
      for (const step of steps) {
        const given = Object.keys(step.with ?? {});
        expect(given.filter((n) => !(n in action.inputs))).toEqual([]);
        expect(required.filter((n) => !given.includes(n))).toEqual([]);
      }
    });

    it('passes readInputs with its literal values', () => {
      for (const step of steps) {
        const values = Object.fromEntries(
          Object.entries(step.with ?? {}).map(([name, v]) => {
            const s = String(v);
            if (!s.includes('${{')) return [name, s];
            expect({ name, fromExpression: name in EXPRESSION_VALUES }).toEqual({ name, fromExpression: true });
            return [name, EXPRESSION_VALUES[name]];
          }),
        );
        const get = (name: string) => values[name] ?? action.inputs[name]?.default ?? '';
        expect(() => readInputs(get)).not.toThrow();
      }
    });

    it('reads only declared, non-deprecated outputs', () => {
      const text = JSON.stringify(w);
      const ids = new Set(steps.map((s) => s.id).filter(Boolean));
      for (const m of text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
        expect(ids).toContain(m[1]);
        expect(Object.keys(action.outputs)).toContain(m[2]);
        expect(DEPRECATED_OUTPUTS).not.toContain(m[2]);
      }
    });

    it('asks for id-token and, on pull requests, pull-requests: write; bounds every job', () => {
      for (const job of Object.values(w.jobs)) {
        const perms = { ...w.permissions, ...job.permissions };
        expect(perms['id-token']).toBe('write');
        expect(perms.contents).toBe('read');
        if ('pull_request' in w.on) expect(perms['pull-requests']).toBe('write');
        expect(job['timeout-minutes']).toBeGreaterThan(0);
      }
    });
  });
});
