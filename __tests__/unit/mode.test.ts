import { describe, expect, test } from '@jest/globals';
import { isPullRequestEvent, resolveMode } from '../../src/mode.js';

describe('resolveMode', () => {
  test.each([
    ['auto', 'pull_request', 'plan'],
    ['auto', 'pull_request_target', 'plan'],
    ['auto', 'push', 'apply'],
    ['auto', 'schedule', 'apply'],
    ['auto', 'workflow_dispatch', 'apply'],
    ['auto', undefined, 'apply'],
    ['plan', 'push', 'plan'],
    ['apply', 'pull_request', 'apply'],
  ] as const)('%s on %s -> %s', (mode, event, expected) => {
    expect(resolveMode(mode, event)).toBe(expected);
  });

  test('pull request events', () => {
    expect(isPullRequestEvent('pull_request')).toBe(true);
    expect(isPullRequestEvent('push')).toBe(false);
  });
});
