// Issue 12, vector 3: a pull request's plan comment cannot be taken over. Another user posts a
// comment that starts with the action's hidden marker and says "No changes."; GitHub refuses the
// action's PATCH of her comment (403). The action must leave her comment alone and post its own,
// naming the head commit it planned and linking its run, so her fake plan is never the only one.
// Through dist/index.js against the simulator, as the runner runs it.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Simulator } from '../../simulator/server.js';
import { commentMarker } from '../../src/report/comment.js';
import { startTestSimulator } from '../helpers/sim.js';
import { act, info, log, setPullRequestClaims } from '../helpers/e2e.js';

const HEAD = 'c0ffee0000000000000000000000000000000001';
const KEY = 'octo-org/octo-repo#7';
const payload = {
  pull_request: {
    number: 7,
    head: { sha: HEAD, repo: { full_name: 'octo-org/octo-repo' } },
    base: { repo: { full_name: 'octo-org/octo-repo' } },
  },
};

describe('a marker comment by another user', () => {
  let sim: Simulator;
  let herId: number;
  const fake = (marker: string) =>
    `${marker}\n## exo-automation plan\n\n**No changes. Azure and Entra match the desired state.**`;

  beforeAll(async () => {
    sim = await startTestSimulator();
    setPullRequestClaims(sim);
    const marker = commentMarker({
      subscriptionId: info(sim).subscriptionId,
      resourceGroup: 'rg-exo-automation',
      type: 'automation-account',
      name: 'aa-exo-automation',
    });
    const gh = sim.sim.state.github;
    herId = gh.nextCommentId++;
    gh.comments[KEY] = [
      {
        id: herId,
        body: fake(marker),
        user: { login: 'mallory', id: 66, type: 'User' },
        created_at: '2026-01-01T00:00:00Z',
        updated_at: '2026-01-01T00:00:00Z',
      },
    ];
    // GitHub refuses the action's edit of her comment
    sim.faults.add({
      method: 'PATCH',
      path: `^/repos/octo-org/octo-repo/issues/comments/${herId}$`,
      times: 0,
      status: 403,
      body: {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest/issues/comments#update-an-issue-comment',
        status: '403',
      },
    });
  });
  afterAll(() => sim.close());

  test("is never adopted: the bot's own plan comment is posted beside it, naming the commit and the run", async () => {
    const mark = sim.requests.length;
    const run = await act(sim, {}, { event: 'pull_request', payload, env: { GITHUB_RUN_ID: '4242' } });
    expect(run.code).toBe(0);

    const comments = sim.sim.state.github.comments[KEY];
    const hers = comments.find((c) => c.id === herId)!;
    expect(hers.body).toContain('No changes.'); // left as she wrote it
    const patchesOfHers = sim.requests
      .slice(mark)
      .filter((r) => r.method === 'PATCH' && r.path.endsWith(`/comments/${herId}`));
    expect(patchesOfHers).toEqual([]);

    const ours = comments.filter((c) => c.user.login === 'github-actions[bot]');
    expect(ours).toHaveLength(1);
    expect(ours[0].body).toMatch(/\*\*Plan: [1-9]\d* to add/);
    expect(ours[0].body).toContain(`[\`${HEAD.slice(0, 7)}\`](https://github.com/octo-org/octo-repo/commit/${HEAD})`);
    expect(ours[0].body).toMatch(/\(https:\/\/github\.com\/octo-org\/octo-repo\/actions\/runs\/4242[/)]/);
    expect(log(run)).toMatch(/^::warning::Pull request #7 has 1 comment\(s\) by mallory that start with/m);
  });

  test("the next run updates the bot's comment, still never hers", async () => {
    const oursBefore = sim.sim.state.github.comments[KEY].find((c) => c.user.type === 'Bot')!;
    const mark = sim.requests.length;
    const run = await act(sim, {}, { event: 'pull_request', payload, env: { GITHUB_RUN_ID: '4243' } });
    expect(run.code).toBe(0);
    const patches = sim.requests.slice(mark).filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => r.path)).toEqual([`/repos/octo-org/octo-repo/issues/comments/${oursBefore.id}`]);
    expect(sim.sim.state.github.comments[KEY]).toHaveLength(2);
    expect(oursBefore.body).toMatch(/\/actions\/runs\/4243[/)]/);
  });
});
