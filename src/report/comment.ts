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

/** The pull request number of the event, or undefined when the run is not about a pull request. */
export async function readPullRequestNumber(eventPath: string): Promise<number | undefined> {
  if (!eventPath) return undefined;
  const payload = JSON.parse(await readFile(eventPath, 'utf8')) as {
    pull_request?: { number?: unknown };
    issue?: { number?: unknown; pull_request?: unknown };
  };
  const n = payload.pull_request?.number ?? (payload.issue?.pull_request ? payload.issue.number : undefined);
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
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

/** Our earlier comment: its body starts with the marker; a bot's (the GITHUB_TOKEN's) is preferred, then the oldest. */
export function findMarked(comments: IssueComment[], marker: string): IssueComment | undefined {
  const marked = comments.filter((c) => (c.body ?? '').trimStart().startsWith(marker));
  return marked.find((c) => c.user?.type === 'Bot') ?? marked[0];
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
  try {
    const [owner, repo, ...rest] = repository.split('/');
    if (!owner || !repo || rest.length > 0) {
      log.warning(`Skipped the pull request comment: repository "${repository}" is not "owner/repo".`);
      return 'skipped';
    }
    const issueNumber = await readPullRequestNumber(eventPath);
    if (issueNumber === undefined) {
      log.info('No pull request in this event: no plan comment.');
      return 'skipped';
    }
    if (!token) {
      log.warning('Skipped the pull request comment: `github-token` is empty.');
      return 'skipped';
    }

    const baseUrl = (options.apiUrl || process.env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
    // Loaded here: only plan runs on pull requests comment, and Octokit is a large part of the bundle.
    const { getOctokit } = await import('@actions/github');
    const octokit = getOctokit(token, { baseUrl });
    const body = commentBody(report);
    const marker = commentMarker(report.resource);

    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number: issueNumber,
      per_page: 100,
    });
    const existing = findMarked(comments, marker);
    if (existing) {
      if (existing.body === body) return 'updated'; // already current: spare a write and a notification
      try {
        await octokit.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body });
        log.info(`Updated the plan comment on pull request #${issueNumber}.`);
        return 'updated';
      } catch (err) {
        if (status(err) !== 404) throw err; // deleted since we listed it: create a new one below
      }
    }
    await octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body });
    log.info(`Created the plan comment on pull request #${issueNumber}.`);
    return 'created';
  } catch (err) {
    log.warning(`Could not create or update the pull request comment: ${describe(err)}`);
    return 'failed';
  }
}
