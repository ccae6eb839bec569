// GitHub on the simulator's host: the Actions OIDC token service (+ its issuer's discovery
// documents under /_github/) and the REST endpoints for issue comments.
import {
  createComment,
  deleteComment,
  getAuthenticatedUser,
  getComment,
  listComments,
  updateComment,
} from './comments.js';
import { githubJwks, githubOpenIdConfiguration, issueIdToken } from './oidc.js';
import type { Router } from '../router.js';
import { OIDC_PATH } from '../server.js';

export function registerGithub(router: Router): void {
  router.add('GET', OIDC_PATH, issueIdToken);
  router.add('GET', '/_github/.well-known/openid-configuration', githubOpenIdConfiguration);
  router.add('GET', '/_github/.well-known/jwks', githubJwks);

  // The comment-id routes first: "/issues/comments/{id}" and "/issues/{n}/comments" have the same length.
  const one = '/repos/:owner/:repo/issues/comments/:id';
  router.add('GET', one, getComment);
  router.add('PATCH', one, updateComment);
  router.add('DELETE', one, deleteComment);
  router.add('GET', '/user', getAuthenticatedUser);
  const many = '/repos/:owner/:repo/issues/:issue/comments';
  router.add('GET', many, listComments);
  router.add('POST', many, createComment);
}
