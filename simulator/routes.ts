// Every service the simulator serves, registered on one router.
import { registerArm } from './arm/index.js';
import { registerAuthorization } from './authz.js';
import { registerEntra } from './entra.js';
import { registerGallery } from './gallery.js';
import { registerGithub } from './github.js';
import { registerGraph } from './graph/index.js';
import type { Router } from './router.js';

export function registerRoutes(router: Router): void {
  registerEntra(router);
  registerGithub(router);
  registerGallery(router);
  registerAuthorization(router);
  registerArm(router);
  registerGraph(router);
}
