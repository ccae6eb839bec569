// GitHub REST issue comments (the sticky PR comment): list with per_page/page and a Link
// header, create, get, update, delete. JSON shapes and error bodies as api.github.com answers.
// Comments live in state.github.comments under "owner/repo#number" (owner/repo lower-cased:
// GitHub resolves names case-insensitively).
import { SimHttpError } from '../http-error.js';
import type { GitHubComment, Sim, SimRequest, SimResponse } from '../types.js';

const DOCS = 'https://docs.github.com/rest/issues/comments';
const MAX_BODY = 65536;
/** The user GITHUB_TOKEN acts as. */
const ACTIONS_BOT = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };

function ghError(status: number, message: string, doc: string, extra: Record<string, unknown> = {}): SimHttpError {
  return new SimHttpError(status, { message, ...extra, documentation_url: doc, status: String(status) }, apiHeaders());
}

function apiHeaders(): Record<string, string> {
  return {
    'x-github-media-type': 'github.v3; format=json',
    'x-github-api-version-selected': '2022-11-28',
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999',
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
    'x-ratelimit-used': '1',
    'x-ratelimit-resource': 'core',
  };
}

type Author = GitHubComment['user'];

/** The identity the request's token acts as: a user of tokenUsers, else github-actions[bot]. */
function authenticate(req: SimRequest, sim: Sim): { author: Author; installation: boolean } {
  const header = req.headers.authorization;
  if (!header) throw ghError(401, 'Requires authentication', 'https://docs.github.com/rest');
  const token = /^(?:token|bearer)\s+(.*)$/i.exec(header)?.[1]?.trim();
  const allowed = sim.state.github.apiTokens;
  if (!token || (allowed && !allowed.includes(token)))
    throw ghError(401, 'Bad credentials', 'https://docs.github.com/rest');
  const user = sim.state.github.tokenUsers?.[token];
  return user ? { author: { ...user }, installation: false } : { author: { ...ACTIONS_BOT }, installation: true };
}

/**
 * GET /user. An installation token is refused with the body api.github.com answers (recorded in
 * actions/create-github-app-token#258: `curl -H "Authorization: token $GITHUB_TOKEN" .../user`).
 */
export function getAuthenticatedUser(req: SimRequest, sim: Sim): SimResponse {
  const doc = 'https://docs.github.com/rest/users/users#get-the-authenticated-user';
  const { author, installation } = authenticate(req, sim);
  if (installation) throw ghError(403, 'Resource not accessible by integration', doc);
  return {
    status: 200,
    headers: apiHeaders(),
    body: {
      login: author.login,
      id: author.id,
      node_id: 'U_' + Buffer.from(`user:${author.id}`).toString('base64url'),
      avatar_url: `https://avatars.githubusercontent.com/u/${author.id}?v=4`,
      url: `${sim.baseUrl}/users/${encodeURIComponent(author.login)}`,
      html_url: `https://github.com/${author.login}`,
      type: author.type,
      site_admin: false,
    },
  };
}

function forbidWrites(sim: Sim, doc: string): void {
  if (sim.state.github.commentsForbidden) throw ghError(403, 'Resource not accessible by integration', doc);
}

function issueKey(owner: string, repo: string, issue: string): string {
  return `${owner.toLowerCase()}/${repo.toLowerCase()}#${issue}`;
}

function issueNumber(raw: string, doc: string): string {
  if (!/^[1-9]\d*$/.test(raw)) throw ghError(404, 'Not Found', doc);
  return raw;
}

function render(c: GitHubComment, key: string, sim: Sim): Record<string, unknown> {
  const [repoPath, number] = key.split('#');
  const api = sim.baseUrl;
  const user = c.user;
  return {
    url: `${api}/repos/${repoPath}/issues/comments/${c.id}`,
    html_url: `https://github.com/${repoPath}/issues/${number}#issuecomment-${c.id}`,
    issue_url: `${api}/repos/${repoPath}/issues/${number}`,
    id: c.id,
    node_id: 'IC_kwDO' + Buffer.from(`comment:${c.id}`).toString('base64url'),
    user: {
      login: user.login,
      id: user.id,
      node_id: (user.type === 'Bot' ? 'BOT_' : 'U_') + Buffer.from(`user:${user.id}`).toString('base64url'),
      avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
      gravatar_id: '',
      url: `${api}/users/${encodeURIComponent(user.login)}`,
      html_url: user.type === 'Bot' ? 'https://github.com/apps/github-actions' : `https://github.com/${user.login}`,
      type: user.type,
      user_view_type: 'public',
      site_admin: false,
    },
    created_at: c.created_at,
    updated_at: c.updated_at,
    body: c.body,
    author_association: user.type === 'Bot' ? 'NONE' : 'OWNER',
    performed_via_github_app: null,
    reactions: {
      url: `${api}/repos/${repoPath}/issues/comments/${c.id}/reactions`,
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
  };
}

/** The comment the route names (after authentication), or GitHub's 404 linking `doc`. */
function requireComment(req: SimRequest, sim: Sim, doc: string): { key: string; list: GitHubComment[]; index: number } {
  authenticate(req, sim);
  const prefix = `${req.params.owner.toLowerCase()}/${req.params.repo.toLowerCase()}#`;
  for (const [key, list] of Object.entries(sim.state.github.comments)) {
    if (!key.toLowerCase().startsWith(prefix)) continue;
    const index = list.findIndex((c) => String(c.id) === req.params.id);
    if (index >= 0) return { key, list, index };
  }
  throw ghError(404, 'Not Found', doc);
}

function bodyOf(req: SimRequest, doc: string): string {
  let parsed: unknown;
  try {
    parsed = req.body.length ? JSON.parse(req.text()) : undefined;
  } catch {
    throw ghError(400, 'Problems parsing JSON', doc);
  }
  const body = (parsed as { body?: unknown } | undefined)?.body;
  if (typeof body !== 'string') throw ghError(422, 'Invalid request.\n\n"body" wasn\'t supplied.', doc);
  if (body.length > MAX_BODY)
    throw ghError(422, 'Validation Failed', doc, {
      errors: [
        {
          resource: 'IssueComment',
          code: 'custom',
          field: 'body',
          message: `body is too long (maximum is ${MAX_BODY} characters)`,
        },
      ],
    });
  return body;
}

function timestamp(sim: Sim): string {
  return new Date(sim.now()).toISOString().replace(/\.\d+Z$/, 'Z');
}

export function listComments(req: SimRequest, sim: Sim): SimResponse {
  const doc = `${DOCS}#list-issue-comments`;
  authenticate(req, sim);
  const { owner, repo } = req.params;
  const key = issueKey(owner, repo, issueNumber(req.params.issue, doc));
  const all = sim.state.github.comments[key] ?? [];
  const perPage = Math.min(100, Math.max(1, Number(req.query.get('per_page')) || 30));
  const page = Math.max(1, Number(req.query.get('page')) || 1);
  const last = Math.max(1, Math.ceil(all.length / perPage));
  const items = all.slice((page - 1) * perPage, page * perPage).map((c) => render(c, key, sim));

  const link = (p: number, rel: string) => {
    const q = new URLSearchParams(req.query);
    q.set('per_page', String(perPage));
    q.set('page', String(p));
    return `<${sim.baseUrl}${req.path}?${q.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, 'prev'));
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'));
  const headers = apiHeaders();
  if (links.length) headers.link = links.join(', ');
  return { status: 200, headers, body: items };
}

export function createComment(req: SimRequest, sim: Sim): SimResponse {
  const doc = `${DOCS}#create-an-issue-comment`;
  const { author } = authenticate(req, sim);
  const { owner, repo } = req.params;
  const key = issueKey(owner, repo, issueNumber(req.params.issue, doc));
  forbidWrites(sim, doc);
  const body = bodyOf(req, doc);
  const gh = sim.state.github;
  const at = timestamp(sim);
  const comment: GitHubComment = {
    id: gh.nextCommentId++,
    body,
    user: author,
    created_at: at,
    updated_at: at,
  };
  (gh.comments[key] ??= []).push(comment);
  const json = render(comment, key, sim);
  return { status: 201, headers: { ...apiHeaders(), location: String(json.url) }, body: json };
}

export function getComment(req: SimRequest, sim: Sim): SimResponse {
  const doc = `${DOCS}#get-an-issue-comment`;
  const hit = requireComment(req, sim, doc);
  return { status: 200, headers: apiHeaders(), body: render(hit.list[hit.index], hit.key, sim) };
}

export function updateComment(req: SimRequest, sim: Sim): SimResponse {
  const doc = `${DOCS}#update-an-issue-comment`;
  const hit = requireComment(req, sim, doc);
  forbidWrites(sim, doc);
  const comment = hit.list[hit.index];
  comment.body = bodyOf(req, doc);
  comment.updated_at = timestamp(sim);
  return { status: 200, headers: apiHeaders(), body: render(comment, hit.key, sim) };
}

export function deleteComment(req: SimRequest, sim: Sim): SimResponse {
  const doc = `${DOCS}#delete-an-issue-comment`;
  const hit = requireComment(req, sim, doc);
  forbidWrites(sim, doc);
  hit.list.splice(hit.index, 1);
  return { status: 204, headers: apiHeaders() };
}
