// GitHub on the simulator: the Actions OIDC token service through @actions/core getIDToken, its
// issuer documents, and the issue-comment REST endpoints through Octokit (@actions/github).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import * as core from '@actions/core';
import { getOctokit } from '@actions/github';
import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet } from 'jose';
import { startTestSimulator } from '../helpers/sim.js';
import type { Simulator } from '../../simulator/server.js';
import { defaultState } from '../../simulator/state.js';

let sim: Simulator;
const write = process.stdout.write.bind(process.stdout);

beforeAll(async () => {
  sim = await startTestSimulator();
  // getIDToken announces the token as a workflow command (::add-mask::<token>); keep tokens out of the log.
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) =>
    String(chunk).startsWith('::') ? true : write(chunk, ...rest)) as typeof process.stdout.write;
});
afterAll(async () => {
  process.stdout.write = write;
  await sim.close();
});
beforeEach(() => {
  sim.sim.state = { ...defaultState(), config: sim.sim.state.config };
  // the request token changes with a new state; the runner env follows it
  process.env.ACTIONS_ID_TOKEN_REQUEST_URL = sim.oidcRequestUrl;
  process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = sim.oidcRequestToken;
});

describe('GitHub OIDC token service', () => {
  it('core.getIDToken gets a token with the state claims, signed by the published issuer key', async () => {
    const token = await core.getIDToken('api://AzureADTokenExchange');
    const jwks = (await (await fetch(`${sim.url}/_github/.well-known/jwks`)).json()) as JSONWebKeySet;
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks), {
      issuer: 'https://token.actions.githubusercontent.com',
      audience: 'api://AzureADTokenExchange',
    });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', typ: 'JWT', kid: sim.sim.keys.github.kid });
    expect(payload).toMatchObject(sim.sim.state.github.claims);
    expect(payload.exp! - payload.iat!).toBe(sim.sim.state.config.oidcTokenLifetimeSeconds);
    expect(payload.nbf!).toBeLessThanOrEqual(payload.iat!);
    expect(typeof payload.jti).toBe('string');
  });

  it('defaults the audience to the repository owner URL', async () => {
    const token = await core.getIDToken();
    expect(decodeJwt(token).aud).toBe('https://github.com/octo-org');
  });

  it('carries changed claims (e.g. a pull_request subject)', async () => {
    sim.sim.state.github.claims = {
      ...sim.sim.state.github.claims,
      sub: 'repo:octo-org/octo-repo:pull_request',
      event_name: 'pull_request',
    };
    const claims = decodeJwt(await core.getIDToken('api://AzureADTokenExchange'));
    expect(claims).toMatchObject({ sub: 'repo:octo-org/octo-repo:pull_request', event_name: 'pull_request' });
  });

  it('refuses a wrong request token with 401, which getIDToken reports', async () => {
    process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = 'not-the-token';
    await expect(core.getIDToken('api://AzureADTokenExchange')).rejects.toThrow(/Error Code : 401/);
    const res = await fetch(`${sim.oidcRequestUrl}&audience=x`);
    expect(res.status).toBe(401);
  });

  it('serves the issuer discovery document', async () => {
    const doc = (await (await fetch(`${sim.url}/_github/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(doc).toMatchObject({
      issuer: 'https://token.actions.githubusercontent.com',
      jwks_uri: `${sim.url}/_github/.well-known/jwks`,
      id_token_signing_alg_values_supported: ['RS256'],
    });
  });
});

describe('GitHub issue comments through Octokit', () => {
  const repo = { owner: 'octo-org', repo: 'octo-repo' };
  const octokit = () => getOctokit('ghs_simulated', { baseUrl: sim.url });

  it('creates, lists, gets, updates and deletes a comment with GitHub shapes', async () => {
    const gh = octokit();
    const created = await gh.rest.issues.createComment({ ...repo, issue_number: 7, body: 'hello' });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(created.data.url);
    expect(created.data).toMatchObject({
      body: 'hello',
      user: { login: 'github-actions[bot]', id: 41898282, type: 'Bot' },
      url: `${sim.url}/repos/octo-org/octo-repo/issues/comments/${created.data.id}`,
      html_url: `https://github.com/octo-org/octo-repo/issues/7#issuecomment-${created.data.id}`,
      author_association: 'NONE',
    });
    expect(created.data.node_id).toMatch(/^IC_/);
    expect(created.data.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const listed = await gh.rest.issues.listComments({ ...repo, issue_number: 7 });
    expect(listed.data.map((c) => c.id)).toEqual([created.data.id]);

    const updated = await gh.rest.issues.updateComment({ ...repo, comment_id: created.data.id, body: 'changed' });
    expect(updated.data.body).toBe('changed');
    const got = await gh.rest.issues.getComment({ ...repo, comment_id: created.data.id });
    expect(got.data.body).toBe('changed');

    const deleted = await gh.rest.issues.deleteComment({ ...repo, comment_id: created.data.id });
    expect(deleted.status).toBe(204);
    await expect(gh.rest.issues.getComment({ ...repo, comment_id: created.data.id })).rejects.toMatchObject({
      status: 404,
    });
    expect((await gh.rest.issues.listComments({ ...repo, issue_number: 7 })).data).toEqual([]);
  });

  it('pages with per_page/page and a Link header that octokit.paginate follows', async () => {
    const gh = octokit();
    for (let i = 0; i < 5; i++) await gh.rest.issues.createComment({ ...repo, issue_number: 3, body: `c${i}` });
    const first = await gh.rest.issues.listComments({ ...repo, issue_number: 3, per_page: 2 });
    expect(first.data.map((c) => c.body)).toEqual(['c0', 'c1']);
    expect(first.headers.link).toContain('rel="next"');
    expect(first.headers.link).toContain('page=3>; rel="last"');
    const all = await gh.paginate(gh.rest.issues.listComments, { ...repo, issue_number: 3, per_page: 2 });
    expect(all.map((c) => c.body)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    const pages = sim.requests.filter(
      (r) => r.method === 'GET' && r.path === '/repos/octo-org/octo-repo/issues/3/comments',
    );
    expect(pages.length).toBeGreaterThanOrEqual(4);
  });

  it('refuses writes with 403 when the token is read-only, and unknown tokens with 401', async () => {
    sim.sim.state.github.commentsForbidden = true;
    await expect(octokit().rest.issues.createComment({ ...repo, issue_number: 1, body: 'x' })).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('Resource not accessible by integration'),
    });
    await expect(octokit().rest.issues.listComments({ ...repo, issue_number: 1 })).resolves.toMatchObject({
      status: 200,
    });

    sim.sim.state.github.apiTokens = ['ghs_other'];
    await expect(octokit().rest.issues.listComments({ ...repo, issue_number: 1 })).rejects.toMatchObject({
      status: 401,
      message: expect.stringContaining('Bad credentials'),
    });
    const res = await fetch(`${sim.url}/repos/octo-org/octo-repo/issues/1/comments`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      message: 'Requires authentication',
      documentation_url: 'https://docs.github.com/rest',
      status: '401',
    });
  });

  it('validates the body: missing (422) and longer than 65536 characters (422)', async () => {
    const gh = octokit();
    await expect(gh.request('POST /repos/octo-org/octo-repo/issues/2/comments', {})).rejects.toMatchObject({
      status: 422,
    });
    await expect(
      gh.rest.issues.createComment({ ...repo, issue_number: 2, body: 'x'.repeat(65537) }),
    ).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining('body is too long (maximum is 65536 characters)'),
    });
  });
});
