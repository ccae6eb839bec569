import type { Router } from '../router.js';

// Placeholder until this service's routes land.
export function registerArm(_router: Router): void {}
