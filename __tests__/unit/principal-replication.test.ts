// Which Graph answers mean "the new principal has not replicated yet" (retried, bounded), and
// which are real errors. Texts are Graph's own (simulator/graph/errors.ts names their sources).
import { describe, expect, it } from '@jest/globals';
import { AzureError } from '../../src/errors.js';
import { isNotReplicated } from '../../src/kinds/principal.js';

const graph = (status: number, code: string, message: string) =>
  new AzureError({ service: 'Graph', status, code, message });

describe('isNotReplicated', () => {
  it.each([
    ['a grant to a just-created identity', graph(400, 'Request_BadRequest', 'Not a valid reference update.')],
    [
      'a principal Graph does not see yet',
      graph(
        404,
        'Request_ResourceNotFound',
        "Resource 'x' does not exist or one of its queried reference-property objects are not present.",
      ),
    ],
    [
      'an invalid principalId reference',
      graph(
        400,
        'Request_BadRequest',
        "Invalid value specified for property 'principalId' of resource 'AppRoleAssignment'.",
      ),
    ],
  ])('treats %s as replication', (_what, err) => {
    expect(isNotReplicated(err)).toBe(true);
  });

  it.each([
    ['a duplicate grant', graph(400, 'Request_BadRequest', 'Permission being assigned already exists on the object.')],
    [
      'a missing permission',
      graph(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'),
    ],
    ['a throttled call', graph(429, 'TooManyRequests', 'Too many requests.')],
    [
      'an unknown app role',
      graph(400, 'Request_BadRequest', 'Permission being assigned was not found on application.'),
    ],
  ])('does not retry %s', (_what, err) => {
    expect(isNotReplicated(err)).toBe(false);
  });

  it('ignores errors that are not service answers', () => {
    expect(isNotReplicated(new Error('Not a valid reference update.'))).toBe(false);
  });
});
