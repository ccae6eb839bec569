// The sticky PR comment: one comment per resource, found by a hidden marker, created once and
// updated on later runs. Best effort: any failure is a warning, never a failed run.
import { readFile } from 'node:fs/promises';
import type { RunReport } from '../types.js';
import { COMMENT_LIMIT } from './cap.js';
import { renderMarkdown } from './markdown.js';
import { log } from '../log/index.js';

export type CommentOutcome = 'created' | 'updated' | 'skipped' | 'failed';

export interface UpsertCommentOptions {
  token: string;
  /** GitHub REST API root; default GITHUB_API_URL, then https://api.github.com */
  apiUrl?: string;
  /** "owner/repo" (GITHUB_REPOSITORY) */
  repository: string;
  /** the event payload file (GITHUB_EVENT_PATH) */
  eventPath: string;
  report: RunReport;
}

/** Distinguishes several accounts or VMs planned from one repository. */
export function resourceKey(resource: RunReport['resource']): string {
  return [resource.subscriptionId, resource.resourceGroup, resource.type, resource.name]
    .map((p) => p.toLowerCase().replace(/[^a-z0-9._()-]/g, '_'))
    .join('/')
    .replace(/-{2,}/g, (m) => m.split('').join('_')); // "--" may not appear inside an HTML comment
}

export function commentMarker(resource: RunReport['resource']): string {
  return `<!-- exo-automation:plan:${resourceKey(resource)} -->`;
}

export interface PullRequestEvent {
  number: number;
  /** the head commit the plan is about (GITHUB_SHA is the merge commit on pull_request events) */
  headSha?: string;
  /** the head branch lives in another repository: GITHUB_TOKEN is read-only there */
  fork: boolean;
}

interface EventPayload {
  pull_request?: {
    number?: unknown;
    head?: { sha?: unknown; repo?: { full_name?: unknown } | null };
    base?: { repo?: { full_name?: unknown } | null };
  };
  issue?: { number?: unknown; pull_request?: unknown };
}

/** The event's pull request, or undefined when the run is not about a pull request. */
export async function readPullRequest(eventPath: string): Promise<PullRequestEvent | undefined> {
  if (!eventPath) return undefined;
  const payload = JSON.parse(await readFile(eventPath, 'utf8')) as EventPayload;
  const pr = payload.pull_request;
  const n = pr?.number ?? (payload.issue?.pull_request ? payload.issue.number : undefined);
  if (!(typeof n === 'number' && Number.isInteger(n) && n > 0)) return undefined;
  const sha = pr?.head?.sha;
  const head = pr?.head?.repo?.full_name;
  const base = pr?.base?.repo?.full_name;
  return {
    number: n,
    headSha: typeof sha === 'string' && /^[0-9a-f]{40,64}$/i.test(sha) ? sha : undefined,
    fork: typeof head === 'string' && typeof base === 'string' && head.toLowerCase() !== base.toLowerCase(),
  };
}

/** The pull request number of the event, or undefined when the run is not about a pull request. */
export async function readPullRequestNumber(eventPath: string): Promise<number | undefined> {
  return (await readPullRequest(eventPath))?.number;
}

/** The comment body: marker first, then the plan, within GitHub's 65,536-character limit. */
export function commentBody(report: RunReport): string {
  const marker = commentMarker(report.resource);
  const note =
    "> [!NOTE]\n> This comment was cut to fit GitHub's size limit. The full plan is in the job summary, the step's `plan` output and the job log.";
  const limit = { max: COMMENT_LIMIT.max - marker.length - 1, unit: COMMENT_LIMIT.unit };
  return `${marker}\n${renderMarkdown(report, { limit, note })}`;
}

interface IssueComment {
  id: number;
  body?: string | null;
  user?: { login?: string; type?: string } | null;
}

export interface Author {
  login: string;
  type: string;
}

/** Who GITHUB_TOKEN writes as: GitHub Actions' app bot. */
export const ACTIONS_BOT: Author = { login: 'github-actions[bot]', type: 'Bot' };

function sameAuthor(c: IssueComment, me: Author): boolean {
  return c.user?.login?.toLowerCase() === me.login.toLowerCase() && c.user?.type === me.type;
}

function hasMarker(c: IssueComment, marker: string): boolean {
  return (c.body ?? '').trimStart().startsWith(marker);
}

/**
 * Our earlier comment: its body starts with the marker AND the token's own identity wrote it (the
 * oldest such). Anyone can post a comment that starts with the marker; adopting hers would let her
 * fake plan stand (and our update of it is refused).
 */
export function findMarked(comments: IssueComment[], marker: string, me: Author): IssueComment | undefined {
  return comments.find((c) => hasMarker(c, marker) && sameAuthor(c, me));
}

/** Marker comments written by someone else: ignored, and named in a warning. */
export function impostors(comments: IssueComment[], marker: string, me: Author): IssueComment[] {
  return comments.filter((c) => hasMarker(c, marker) && !sameAuthor(c, me));
}

type Octokit = ReturnType<typeof import('@actions/github').getOctokit>;

/**
 * The token's own identity. A user's token (PAT) can read GET /user; an installation token (GITHUB_TOKEN)
 * is refused there with 403 "Resource not accessible by integration", and writes as github-actions[bot].
 */
export async function tokenAuthor(octokit: Octokit): Promise<Author> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    return { login: data.login, type: data.type };
  } catch (err) {
    if (status(err) === 403) return ACTIONS_BOT;
    throw err;
  }
}

function status(err: unknown): number | undefined {
  const s = (err as { status?: unknown })?.status;
  return typeof s === 'number' ? s : undefined;
}

function describe(err: unknown): string {
  const code = status(err);
  const message = err instanceof Error ? err.message : String(err);
  if (code === 403 || code === 404) {
    return `${message} (HTTP ${code}). The token cannot write pull request comments: give the job \`permissions: pull-requests: write\`. On pull requests from forks GitHub's token is read-only, so no comment can be written there; the plan is in the job summary.`;
  }
  return code ? `${message} (HTTP ${code})` : message;
}

/** Creates or updates the plan comment on the event's pull request. Never throws. */
export async function upsertPlanComment(options: UpsertCommentOptions): Promise<CommentOutcome> {
  const { token, repository, eventPath, report } = options;
  let fork = false;
  try {
    const [owner, repo, ...rest] = repository.split('/');
    if (!owner || !repo || rest.length > 0) {
      log.warning(`Skipped the pull request comment: repository "${repository}" is not "owner/repo".`);
      return 'skipped';
    }
    const pr = await readPullRequest(eventPath);
    if (pr === undefined) {
      log.info('No pull request in this event: no plan comment.');
      return 'skipped';
    }
    fork = pr.fork;
    if (!token) {
      log.warning('Skipped the pull request comment: `github-token` is empty.');
      return 'skipped';
    }

    const baseUrl = (options.apiUrl || process.env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
    // Loaded here: only plan runs on pull requests comment, and Octokit is a large part of the bundle.
    const { getOctokit } = await import('@actions/github');
    const octokit = getOctokit(token, { baseUrl });
    return await upsert(octokit, { owner, repo, issue_number: pr.number }, commentBody(report), report);
  } catch (err) {
    if (fork && status(err) === 403) {
      // GitHub gives a fork's pull request a read-only token: no permission can help; the summary has the plan.
      log.info(
        'No plan comment: the token of a pull request from a fork is read-only. The plan is in the job summary.',
      );
      return 'skipped';
    }
    log.warning(`Could not create or update the pull request comment: ${describe(err)}`);
    return 'failed';
  }
}

interface Issue {
  owner: string;
  repo: string;
  issue_number: number;
}

async function upsert(octokit: Octokit, issue: Issue, body: string, report: RunReport): Promise<CommentOutcome> {
  const marker = commentMarker(report.resource);
  const [me, comments] = await Promise.all([
    tokenAuthor(octokit),
    octokit.paginate(octokit.rest.issues.listComments, { ...issue, per_page: 100 }),
  ]);
  const others = impostors(comments, marker, me);
  if (others.length) {
    const who = [...new Set(others.map((c) => c.user?.login ?? 'unknown'))].join(', ');
    log.warning(
      `Pull request #${issue.issue_number} has ${others.length} comment(s) by ${who} that start with this action's plan marker; they were not written by ${me.login} and were left alone. The plan is the comment by ${me.login}.`,
    );
  }
  const existing = findMarked(comments, marker, me);
  if (existing) {
    if (existing.body === body) return 'updated'; // already current: spare a write and a notification
    try {
      await octokit.rest.issues.updateComment({ owner: issue.owner, repo: issue.repo, comment_id: existing.id, body });
      log.info(`Updated the plan comment on pull request #${issue.issue_number}.`);
      return 'updated';
    } catch (err) {
      if (status(err) !== 404) throw err; // deleted since we listed it: create a new one below
    }
  }
  await octokit.rest.issues.createComment({ ...issue, body });
  log.info(`Created the plan comment on pull request #${issue.issue_number}.`);
  return 'created';
}
