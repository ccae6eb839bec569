// Every service the simulator serves, registered on one router.
import { registerArm } from './arm/index.js';
import { registerAuthorization } from './authz.js';
import { registerEntra } from './entra/index.js';
import { registerGallery } from './gallery/index.js';
import { registerGithub } from './github/index.js';
import { registerGraph } from './graph/index.js';
import type { Router } from './router.js';

export function registerRoutes(router: Router): void {
  // GitHub first: its literal /_github/.well-known/... routes must win over Entra's /{tenant}/.well-known/...
  registerGithub(router);
  registerEntra(router);
  registerGallery(router);
  registerAuthorization(router);
  registerArm(router);
  registerGraph(router);
}
