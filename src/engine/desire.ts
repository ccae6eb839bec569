// The desired state: the shared fields (desired.ts), then each kind's own part from its `desire`,
// in registry order. The engine knows no kind's fields; each kind declares and derives its own.
import type { GalleryVersion } from '../clients/gallery.js';
import type { DiscoveredRunbook } from '../kinds/runbook/discover.js';
import type { Inputs } from '../types.js';
import { sharedDesired } from './desired.js';
import { KINDS } from './registry.js';
import type { Desired, ResourceKind } from './types.js';

export function buildDesired(
  inputs: Inputs,
  gallery: GalleryVersion[] | undefined,
  runbooks?: DiscoveredRunbook[],
  kinds: readonly ResourceKind<any, any, any>[] = KINDS,
): Desired {
  const base = sharedDesired(inputs);
  const parts = kinds.map((k) => k.desire?.({ inputs, base, gallery, runbooks }) ?? {});
  // Object.assign is the one place the parts meet: each kind typed its own part (Partial<Desired>)
  const desired: Desired = Object.assign({}, base, ...parts);
  return desired;
}
