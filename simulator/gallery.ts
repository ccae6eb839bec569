import type { Router } from './router.js';

// Placeholder until this service's routes land.
export function registerGallery(_router: Router): void {}
