// The gallery client as the resolver's GalleryLookup, each answer read once per run (several
// runtimes ask for the same packages).
import type { GalleryClient } from '../clients/gallery.js';
import type { GalleryLookup } from './resolve.js';

export function cachedLookup(gallery: Pick<GalleryClient, 'versions' | 'entry' | 'manifest'>): GalleryLookup {
  const memo = new Map<string, Promise<unknown>>();
  const once = <T>(k: string, f: () => Promise<T>): Promise<T> => {
    if (!memo.has(k)) memo.set(k, f());
    return memo.get(k) as Promise<T>;
  };
  const k = (...parts: string[]) => parts.map((p) => p.toLowerCase()).join('\u0000');
  return {
    versions: (id) => once(k('v', id), () => gallery.versions(id)),
    entry: (id, version) => once(k('e', id, version), () => gallery.entry(id, version)),
    manifest: (id, version) => once(k('m', id, version), () => gallery.manifest(id, version)),
  };
}
