// The PR comment's shape, without a browser: counts first, then warnings, then the diff (folded when
// long), the connect line outside the fold, the planned commit and the run, and the next step.
import { describe, expect, it } from '@jest/globals';
import { commentBody } from '../../src/report/comment.js';
import { escapeProse, oneLine } from '../../src/report/escape.js';
import type { Change, RunReport } from '../../src/types.js';
import { REPORTS } from './report-fixtures.js';

const SHA = '3f786850e387550fdab836ed7e6dc881de23001b';
const RUN = {
  commit: SHA,
  commitUrl: `https://github.com/o/r/commit/${SHA}`,
  url: 'https://github.com/o/r/actions/runs/42',
};

function runbooks(n: number): Change[] {
  return Array.from({ length: n }, (_, i) => ({
    kind: 'runbook',
    name: `Report-${String(i).padStart(3, '0')}`,
    action: i % 5 === 0 ? 'update' : 'create',
    reason: `file runbooks/Report-${i}.ps1`,
  }));
}

function at(body: string, needle: string | RegExp): number {
  const i = typeof needle === 'string' ? body.indexOf(needle) : body.search(needle);
  expect(i).toBeGreaterThanOrEqual(0);
  return i;
}

describe('the plan comment', () => {
  const base = REPORTS['user-assigned-plan'];
  const big: RunReport = {
    ...base,
    run: RUN,
    plan: { ...base.plan, changes: [...base.plan.changes, ...runbooks(250)] },
    warnings: ['Apply would fail; the deploying app lacks permissions:\n  - grant `Mail.Send`'],
  };
  const body = commentBody(big);

  it('puts the counts first, then warnings, then the diff', () => {
    const counts = at(body, /\*\*Plan: \d+ to add, \d+ to change, \d+ to destroy\.\*\*/);
    const warning = at(body, '> [!WARNING]');
    const diff = at(body, '```diff');
    expect(counts).toBeLessThan(warning);
    expect(warning).toBeLessThan(diff);
  });

  it('folds a long diff in <details>, and keeps the connect line outside it', () => {
    const open = at(body, '<details><summary>Show the 255 changes</summary>');
    const close = body.indexOf('</details>', open);
    expect(open).toBeLessThan(at(body, '```diff'));
    expect(close).toBeGreaterThan(at(body, '```diff'));
    expect(at(body, 'Connect-ExchangeOnline')).toBeGreaterThan(close);
    expect(body.length).toBeLessThanOrEqual(65_536);
  });

  it("marks updates with `!` (colored by GitHub's diff grammar), not `~`", () => {
    expect(body).toMatch(/^! runbook Report-000 {2}\(/m);
    expect(body).not.toMatch(/^~ /m);
  });

  it('names the planned commit and links the run', () => {
    expect(body).toContain(`commit [\`3f78685\`](https://github.com/o/r/commit/${SHA})`);
    expect(body).toContain('[workflow run](https://github.com/o/r/actions/runs/42)');
  });

  it('ends with the next step', () => {
    const last = body.trimEnd().split('\n').pop()!;
    expect(last).toMatch(/^\*\*Next step:\*\* Merge this pull request to apply the plan/);
  });

  it("renders the action's own list and code as markdown, not as escaped text", () => {
    expect(body).toContain('>   - grant `Mail.Send`');
    expect(body).not.toContain('\\-');
  });

  it('a short diff is not folded', () => {
    expect(commentBody({ ...base, run: RUN })).not.toContain('<details>');
  });
});

describe('text that hides itself', () => {
  it('shows bidi controls instead of letting them reorder a name', () => {
    expect(oneLine('safe\u202Egnp.sys')).toBe('safe<U+202E>gnp.sys');
    const report: RunReport = {
      ...REPORTS['converged-noop'],
      runbooks: [{ name: 'safe\u202Egnp', path: 'runbooks/safe\u202Egnp.sys.ps1', status: 'unchanged' }],
    };
    const body = commentBody(report);
    expect(body).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(body).toContain('`runbooks/safe<U+202E>gnp.sys.ps1`');
  });

  it('puts az fix commands in a shell block, and keeps service text escaped', () => {
    const lines = escapeProse('Run this:\naz role assignment create --role Owner\n<b>x</b> @team');
    expect(lines).toEqual([
      'Run this:',
      '```sh',
      'az role assignment create --role Owner',
      '```',
      '\\<b\\>x\\</b\\> @\u200bteam',
    ]);
  });
});
