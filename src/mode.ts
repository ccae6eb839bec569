// Which mode a run takes: pull requests plan, everything else applies, unless forced.
import type { Mode } from './types.js';

export const PLAN_EVENTS = ['pull_request', 'pull_request_target'];

export function resolveMode(mode: Mode, eventName: string | undefined): 'plan' | 'apply' {
  if (mode === 'plan' || mode === 'apply') return mode;
  return PLAN_EVENTS.includes(eventName ?? '') ? 'plan' : 'apply';
}

/** True for pull request events, where the plan is commented on the pull request. */
export function isPullRequestEvent(eventName: string | undefined): boolean {
  return PLAN_EVENTS.includes(eventName ?? '');
}
