// The sticky PR comment against a local GitHub REST server (real HTTP, GitHub's JSON shapes and
// Link-header pagination), reached by the real Octokit from @actions/github.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  commentMarker,
  readPullRequestNumber,
  resourceKey,
  upsertPlanComment,
  type UpsertCommentOptions,
} from '../../src/report/comment.js';
import type { RunReport } from '../../src/types.js';
import { REPORTS } from './report-fixtures.js';
import { captureStdout } from '../helpers/stdout.js';

interface User {
  login: string;
  id: number;
  type: 'User' | 'Bot';
}
interface Comment {
  id: number;
  issue: string;
  body: string;
  user: User;
  created_at: string;
  updated_at: string;
}

const BOT: User = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };
const HUMAN: User = { login: 'octocat', id: 1, type: 'User' };
const TOKENS: Record<string, { user: User; write: boolean }> = {
  'ghs-write': { user: BOT, write: true },
  'ghs-read-only': { user: BOT, write: false },
};

/** A small stand-in for api.github.com's issue comment endpoints. */
class FakeGitHub {
  comments: Comment[] = [];
  log: { method: string; path: string }[] = [];
  nextId = 1000;
  /** simulates a comment deleted between our list and our update */
  deleteBeforeNextPatch = false;
  url = '';
  private server: Server = createServer((req, res) => void this.handle(req, res));

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
  reset(): void {
    this.comments = [];
    this.log = [];
  }
  seed(issue: string, body: string, user: User): Comment {
    const now = new Date(Date.UTC(2026, 0, 1, 0, 0, this.nextId % 60)).toISOString().replace('.000Z', 'Z');
    const c = { id: this.nextId++, issue, body, user, created_at: now, updated_at: now };
    this.comments.push(c);
    return c;
  }
  writes(): { method: string; path: string }[] {
    return this.log.filter((r) => r.method !== 'GET');
  }

  private json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  }
  private error(res: ServerResponse, status: number, message: string, doc: string): void {
    this.json(res, status, {
      message,
      documentation_url: `https://docs.github.com/rest/issues/comments#${doc}`,
      status: String(status),
    });
  }
  private shape(c: Comment): unknown {
    const [owner, repo, n] = c.issue.split('/');
    return {
      url: `${this.url}/repos/${owner}/${repo}/issues/comments/${c.id}`,
      html_url: `https://github.com/${owner}/${repo}/pull/${n}#issuecomment-${c.id}`,
      issue_url: `${this.url}/repos/${owner}/${repo}/issues/${n}`,
      id: c.id,
      node_id: Buffer.from(`IssueComment${c.id}`).toString('base64'),
      user: {
        login: c.user.login,
        id: c.user.id,
        node_id: Buffer.from(`User${c.user.id}`).toString('base64'),
        avatar_url: `https://avatars.githubusercontent.com/u/${c.user.id}?v=4`,
        gravatar_id: '',
        url: `${this.url}/users/${encodeURIComponent(c.user.login)}`,
        html_url: `https://github.com/${c.user.login}`,
        type: c.user.type,
        site_admin: false,
      },
      created_at: c.created_at,
      updated_at: c.updated_at,
      author_association: c.user.type === 'Bot' ? 'NONE' : 'OWNER',
      body: c.body,
      reactions: {
        url: `${this.url}/repos/${owner}/${repo}/issues/comments/${c.id}/reactions`,
        total_count: 0,
        '+1': 0,
        '-1': 0,
        laugh: 0,
        hooray: 0,
        confused: 0,
        heart: 0,
        rocket: 0,
        eyes: 0,
      },
      performed_via_github_app: null,
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    this.log.push({ method: req.method ?? '', path: url.pathname + url.search });
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const auth = /^(?:token|bearer) (.+)$/i.exec(req.headers.authorization ?? '');
    const token = auth ? TOKENS[auth[1]] : undefined;
    if (!token)
      return this.json(res, 401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
        status: '401',
      });

    if (url.pathname === '/user' && req.method === 'GET') {
      // an installation token (GITHUB_TOKEN) cannot read /user: api.github.com's answer
      return this.json(res, 403, {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
        status: '403',
      });
    }
    const list = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname);
    const one = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname);
    if (list && req.method === 'GET') {
      const issue = `${list[1]}/${list[2]}/${list[3]}`;
      const all = this.comments.filter((c) => c.issue === issue);
      const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
      const page = Number(url.searchParams.get('page') ?? 1);
      const last = Math.max(1, Math.ceil(all.length / perPage));
      const link = (p: number, rel: string) =>
        `<${this.url}${url.pathname}?per_page=${perPage}&page=${p}>; rel="${rel}"`;
      const links = [];
      if (page > 1) links.push(link(page - 1, 'prev'), link(1, 'first'));
      if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
      const headers: Record<string, string> = links.length ? { link: links.join(', ') } : {};
      return this.json(
        res,
        200,
        all.slice((page - 1) * perPage, page * perPage).map((c) => this.shape(c)),
        headers,
      );
    }
    if (list && req.method === 'POST') {
      if (!token.write)
        return this.error(res, 403, 'Resource not accessible by integration', 'create-an-issue-comment');
      const body = (JSON.parse(raw || '{}') as { body?: unknown }).body;
      if (typeof body !== 'string') return this.error(res, 422, 'Invalid request.', 'create-an-issue-comment');
      const c = this.seed(`${list[1]}/${list[2]}/${list[3]}`, body, token.user);
      return this.json(res, 201, this.shape(c), {
        location: `${this.url}/repos/${list[1]}/${list[2]}/issues/comments/${c.id}`,
      });
    }
    if (one && req.method === 'PATCH') {
      if (this.deleteBeforeNextPatch) {
        this.deleteBeforeNextPatch = false;
        this.comments = this.comments.filter((x) => x.id !== Number(one[3]));
      }
      const c = this.comments.find((x) => x.id === Number(one[3]) && x.issue.startsWith(`${one[1]}/${one[2]}/`));
      if (!c) return this.error(res, 404, 'Not Found', 'update-an-issue-comment');
      if (!token.write || c.user.login !== token.user.login) {
        return this.error(res, 403, 'Resource not accessible by integration', 'update-an-issue-comment');
      }
      const body = (JSON.parse(raw || '{}') as { body?: unknown }).body;
      if (typeof body !== 'string') return this.error(res, 422, 'Invalid request.', 'update-an-issue-comment');
      c.body = body;
      c.updated_at = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      return this.json(res, 200, this.shape(c));
    }
    this.json(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' });
  }
}

const gh = new FakeGitHub();
const dir = mkdtempSync(join(tmpdir(), 'exo-comment-'));
const prEvent = join(dir, 'pr.json');
const pushEvent = join(dir, 'push.json');
const ISSUE = 'octo-org/octo-repo/7';

function run(report: RunReport, extra: Partial<UpsertCommentOptions> = {}) {
  return captureStdout(() =>
    upsertPlanComment({
      token: 'ghs-write',
      apiUrl: gh.url,
      repository: 'octo-org/octo-repo',
      eventPath: prEvent,
      report,
      ...extra,
    }),
  );
}

beforeAll(async () => {
  await gh.start();
  writeFileSync(prEvent, JSON.stringify({ action: 'synchronize', number: 7, pull_request: { number: 7, id: 1 } }));
  writeFileSync(pushEvent, JSON.stringify({ ref: 'refs/heads/main', after: 'abc' }));
});
afterAll(async () => gh.stop());
afterEach(() => gh.reset());

describe('upsertPlanComment', () => {
  const plan = REPORTS['user-assigned-plan'];
  const marker = commentMarker(plan.resource);

  it('creates the comment once (after paging through every comment), then updates it in place', async () => {
    for (let i = 0; i < 150; i++) gh.seed(ISSUE, `review comment ${i}`, HUMAN);

    const first = await run(plan);
    expect(first.result).toBe('created');
    expect(gh.log.filter((r) => r.method === 'GET').map((r) => r.path)).toEqual([
      '/user',
      '/repos/octo-org/octo-repo/issues/7/comments?per_page=100',
      '/repos/octo-org/octo-repo/issues/7/comments?per_page=100&page=2',
    ]);
    const mine = gh.comments.filter((c) => c.body.startsWith(marker));
    expect(mine).toHaveLength(1);
    expect(mine[0].user).toEqual(BOT);
    expect(mine[0].body).toContain('Plan: 3 to add, 1 to change, 1 to destroy.');
    expect(mine[0].body.length).toBeLessThanOrEqual(65_536);

    gh.log = [];
    const converged = REPORTS['converged-noop'];
    const second = await run({ ...converged, resource: plan.resource });
    expect(second.result).toBe('updated');
    expect(gh.writes()).toEqual([{ method: 'PATCH', path: `/repos/octo-org/octo-repo/issues/comments/${mine[0].id}` }]);
    expect(gh.comments.filter((c) => c.body.includes(marker))).toHaveLength(1);
    expect(mine[0].body).toContain('No changes. Azure and Entra match the desired state.');
    expect(gh.comments).toHaveLength(151);
  });

  it('does not write when the comment already says the same', async () => {
    gh.seed(ISSUE, 'hello', HUMAN);
    expect((await run(plan)).result).toBe('created');
    gh.log = [];
    expect((await run(plan)).result).toBe('updated');
    expect(gh.writes()).toEqual([]);
  });

  it('keeps one comment per resource in the same pull request', async () => {
    const other: RunReport = { ...plan, resource: { ...plan.resource, name: 'aa-exo-2' } };
    expect(commentMarker(other.resource)).not.toBe(marker);
    expect((await run(plan)).result).toBe('created');
    expect((await run(other)).result).toBe('created');
    expect((await run(other)).result).toBe('updated');
    expect(gh.comments).toHaveLength(2);
  });

  it("adopts only the token's own (the bot's) marked comment, and ignores a marker quoted mid-text", async () => {
    const hers = gh.seed(ISSUE, `${marker}\ncopied by hand`, HUMAN);
    gh.seed(ISSUE, `see ${marker}`, HUMAN);
    const ours = gh.seed(ISSUE, `${marker}\nold plan`, BOT);
    const { result, out } = await run(plan);
    expect(result).toBe('updated');
    expect(gh.writes()).toEqual([{ method: 'PATCH', path: `/repos/octo-org/octo-repo/issues/comments/${ours.id}` }]);
    expect(ours.body).toContain('Plan: 3 to add');
    expect(hers.body).toBe(`${marker}\ncopied by hand`);
    expect(out).toMatch(
      /^::warning::Pull request #7 has 1 comment\(s\) by octocat that start with this action's plan marker/m,
    );
  });

  it("never adopts a person's marked comment: creates the bot's own beside it", async () => {
    const hers = gh.seed(ISSUE, `${marker}\nNo changes.`, HUMAN);
    expect((await run(plan)).result).toBe('created');
    expect(gh.writes().map((w) => w.method)).toEqual(['POST']);
    expect(hers.body).toBe(`${marker}\nNo changes.`);
    expect(gh.comments.filter((c) => c.user.type === 'Bot')).toHaveLength(1);
  });

  it('creates a new comment when ours was deleted after it was listed', async () => {
    const ours = gh.seed(ISSUE, `${marker}\nold plan`, BOT);
    gh.deleteBeforeNextPatch = true;
    expect((await run(plan)).result).toBe('created');
    expect(gh.writes().map((w) => w.method)).toEqual(['PATCH', 'POST']);
    expect(gh.comments.map((c) => c.id)).not.toContain(ours.id);
    expect(gh.comments).toHaveLength(1);
  });

  it('answers 403 with a warning naming the permission, and "failed" without throwing', async () => {
    const { result, out } = await run(plan, { token: 'ghs-read-only' });
    expect(result).toBe('failed');
    expect(out).toMatch(/^::warning::Could not create or update the pull request comment: .*403/m);
    expect(out).toContain('permissions: pull-requests: write');
    expect(out).toContain('Resource not accessible by integration');
    expect(out).not.toContain('ghs-read-only');
    expect(gh.comments).toHaveLength(0);
  });

  it('fails softly when GitHub cannot be reached', async () => {
    const { result, out } = await run(plan, { apiUrl: 'http://127.0.0.1:9' });
    expect(result).toBe('failed');
    expect(out).toMatch(/^::warning::Could not create or update the pull request comment/m);
  });

  it('skips events without a pull request, an empty token, or a bad repository, without a request', async () => {
    expect((await run(plan, { eventPath: pushEvent })).result).toBe('skipped');
    expect((await run(plan, { token: '' })).result).toBe('skipped');
    expect((await run(plan, { repository: 'no-slash' })).result).toBe('skipped');
    expect(gh.log).toEqual([]);
  });

  it('uses GITHUB_API_URL when no apiUrl is given', async () => {
    const saved = process.env.GITHUB_API_URL;
    process.env.GITHUB_API_URL = gh.url;
    try {
      expect((await run(plan, { apiUrl: undefined })).result).toBe('created');
    } finally {
      if (saved === undefined) delete process.env.GITHUB_API_URL;
      else process.env.GITHUB_API_URL = saved;
    }
    expect(gh.comments).toHaveLength(1);
  });
});

describe('event and marker', () => {
  it('reads the pull request number from pull_request and issue_comment payloads', async () => {
    expect(await readPullRequestNumber(prEvent)).toBe(7);
    expect(await readPullRequestNumber(pushEvent)).toBeUndefined();
    const issueComment = join(dir, 'ic.json');
    writeFileSync(issueComment, JSON.stringify({ issue: { number: 12, pull_request: { url: 'x' } } }));
    expect(await readPullRequestNumber(issueComment)).toBe(12);
    const plainIssue = join(dir, 'issue.json');
    writeFileSync(plainIssue, JSON.stringify({ issue: { number: 13 } }));
    expect(await readPullRequestNumber(plainIssue)).toBeUndefined();
  });

  it('keys the marker by subscription, resource group, type and name, lower-cased and comment-safe', () => {
    expect(
      resourceKey({ subscriptionId: 'SUB-1', resourceGroup: 'RG--Exo', type: 'automation-account', name: 'AA <x>' }),
    ).toBe('sub-1/rg-_-exo/automation-account/aa__x_');
  });
});
