// The PowerShell Gallery's v2 (OData/Atom) feed for state.gallery: FindPackagesById(),
// Packages(Id=,Version=), Packages()?$filter=, and the package download, which redirects (302) to
// a blob on this host serving a small real .nupkg, as the gallery redirects to its CDN.
import { randomUUID } from 'node:crypto';
import { ENTRY_TYPE, entryDocument, FEED_TYPE, feedDocument, odataNotFound, type EntryContext } from './feed.js';
import { compareVersions, findPackage, findVersion, isListed, latestOf, sameVersion } from './versions.js';
import { modulePackage } from './zip.js';
import type { Router } from '../router.js';
import type { GalleryVersion, Sim, SimRequest, SimResponse } from '../types.js';

const BLOB_PREFIX = '/api/v2/_blob/packages/';

/** The download URL of a package version (what an Automation module's contentLink.uri names). */
export function packageUrl(baseUrl: string, id: string, version: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/api/v2/package/${encodeURIComponent(id)}/${encodeURIComponent(version)}`;
}

/** True when the gallery has this version and serves its download (for ARM's module import). */
export function galleryHasVersion(sim: Sim, id: string, version: string): boolean {
  const pkg = findPackage(sim, id);
  const v = findVersion(pkg, version);
  return v !== undefined && isListed(v);
}

/** The id and version a download URL of this simulator names, or undefined (e.g. a foreign URL). */
export function parsePackageUrl(uri: string): { id: string; version: string } | undefined {
  try {
    const m = /\/api\/v2\/package\/([^/]+)\/([^/?#]+)\/?$/i.exec(new URL(uri).pathname);
    return m ? { id: decodeURIComponent(m[1]), version: decodeURIComponent(m[2]) } : undefined;
  } catch {
    return undefined;
  }
}

export function registerGallery(router: Router): void {
  router.add('GET', '/api/v2/package/:id/:version', download);
  router.add('GET', '/api/v2/package/:id', download);
  router.add('GET', `${BLOB_PREFIX}:file`, blob);
  router.add('GET', '/api/v2/:segment', odata);
}

function xml(status: number, contentType: string, body: string): SimResponse {
  return { status, headers: { 'content-type': contentType, 'x-content-type-options': 'nosniff' }, body };
}

function notFound(segment: string): SimResponse {
  return xml(404, 'application/xml;charset=utf-8', odataNotFound(segment));
}

/** 'X' -> X (OData string literal; '' escapes a quote). */
function literal(raw: string | null): string | undefined {
  if (!raw) return undefined;
  const m = /^\s*'((?:[^']|'')*)'\s*$/.exec(raw);
  return m ? m[1].replace(/''/g, "'") : raw.trim();
}

function odata(req: SimRequest, sim: Sim): SimResponse {
  const segment = req.params.segment;
  const root = `${sim.baseUrl}/api/v2`;
  if (/^FindPackagesById\(\)$/i.test(segment)) {
    const id = literal(req.query.get('id'));
    const pkg = id ? findPackage(sim, id) : undefined;
    const versions = pkg ? pkg.versions : [];
    return page(req, sim, root, pkg?.id ?? id ?? '', versions, filterOf(req.query.get('$filter')));
  }
  const one = /^Packages\(Id='((?:[^']|'')*)',\s*Version='((?:[^']|'')*)'\)$/i.exec(segment);
  if (one) {
    const pkg = findPackage(sim, one[1].replace(/''/g, "'"));
    const v = findVersion(pkg, one[2].replace(/''/g, "'"));
    if (!pkg || !v) return notFound('Packages');
    return xml(200, ENTRY_TYPE, entryDocument({ root, id: pkg.id, all: pkg.versions }, v));
  }
  if (/^Packages(\(\))?$/i.test(segment)) {
    const filter = filterOf(req.query.get('$filter'));
    const pkg = filter.id ? findPackage(sim, filter.id) : undefined;
    return page(req, sim, root, pkg?.id ?? filter.id ?? '', pkg ? pkg.versions : [], filter);
  }
  return notFound(segment);
}

interface Filter {
  id?: string;
  version?: string;
  latest?: boolean;
  absoluteLatest?: boolean;
  stableOnly?: boolean;
}

/** The handful of $filter forms PowerShellGet and scripts send: Id eq, (Normalized)Version eq, IsLatestVersion, IsAbsoluteLatestVersion, IsPrerelease eq false. */
function filterOf(raw: string | null): Filter {
  if (!raw) return {};
  const f: Filter = {};
  const id = /(?:^|\s|\()(?:tolower\()?Id\)?\s+eq\s+'((?:[^']|'')*)'/i.exec(raw);
  if (id) f.id = id[1].replace(/''/g, "'");
  const version = /(?:Normalized)?Version\s+eq\s+'((?:[^']|'')*)'/i.exec(raw);
  if (version) f.version = version[1];
  f.latest = /\bIsLatestVersion\b(?!\s+eq\s+false)/i.test(raw);
  f.absoluteLatest = /\bIsAbsoluteLatestVersion\b(?!\s+eq\s+false)/i.test(raw);
  f.stableOnly = /IsPrerelease\s+eq\s+false/i.test(raw);
  return f;
}

function page(
  req: SimRequest,
  sim: Sim,
  root: string,
  id: string,
  versions: GalleryVersion[],
  filter: Filter,
): SimResponse {
  const { latest, absolute } = latestOf(versions);
  let list = versions.filter(
    (v) =>
      (!filter.version || sameVersion(v.version, filter.version)) &&
      (!filter.latest || v === latest) &&
      (!filter.absoluteLatest || v === absolute) &&
      (!filter.stableOnly || !v.prerelease),
  );
  // Paging: the gallery continues with $skiptoken='Id','Version' (the last entry of this page).
  const token = req.query.get('$skiptoken');
  if (token) {
    const m = /'((?:[^']|'')*)'\s*,\s*'((?:[^']|'')*)'/.exec(token);
    if (m) list = list.filter((v) => compareVersions(v.version, m[2]) > 0);
  }
  const skip = Math.max(0, Number(req.query.get('$skip')) || 0);
  const top = Number(req.query.get('$top')) || Infinity;
  list = list.slice(skip, skip + top);
  const size = sim.state.config.pageSize;
  const pageItems = list.slice(0, size);
  let next: string | undefined;
  if (list.length > size) {
    const last = pageItems[pageItems.length - 1];
    const q = new URLSearchParams(req.query);
    q.delete('$skip');
    q.set('$skiptoken', `'${id}','${last.version}'`);
    if (Number.isFinite(top)) q.set('$top', String(top - size));
    next = `${root}/${req.params.segment}?${q.toString()}`;
  }
  const ctx: EntryContext = { root, id, all: versions };
  const selfPath = /^Packages/i.test(req.params.segment) ? 'Packages' : req.params.segment;
  const updated = new Date(sim.now()).toISOString().replace(/\.\d+Z$/, 'Z');
  return xml(
    200,
    FEED_TYPE,
    feedDocument(
      root,
      selfPath,
      updated,
      pageItems.map((v) => ({ ctx, v })),
      next,
    ),
  );
}

function download(req: SimRequest, sim: Sim): SimResponse {
  const pkg = findPackage(sim, req.params.id);
  const wanted = req.params.version;
  const v = wanted ? findVersion(pkg, wanted) : pkg && latestOf(pkg.versions).latest;
  if (!pkg || !v || !isListed(v))
    return {
      status: 404,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: '<h1>The page you were looking for cannot be found.</h1>',
    };
  const file = `${pkg.id.toLowerCase()}.${v.version.toLowerCase()}.nupkg`;
  return {
    status: 302,
    headers: { location: `${sim.baseUrl}${BLOB_PREFIX}${file}`, 'content-type': 'text/html; charset=utf-8' },
    body: '',
  };
}

function blob(req: SimRequest, sim: Sim): SimResponse {
  const m = /^(.+?)\.(\d+(?:\.\d+){1,3}(?:-[0-9a-z.-]+)?)\.nupkg$/i.exec(req.params.file);
  const pkg = m ? findPackage(sim, m[1]) : undefined;
  const v = m && findVersion(pkg, m[2]);
  if (!pkg || !v || !isListed(v)) {
    const requestId = randomUUID();
    return {
      status: 404,
      headers: { 'content-type': 'application/xml', 'x-ms-request-id': requestId, 'x-ms-error-code': 'BlobNotFound' },
      body: `<?xml version="1.0" encoding="utf-8"?><Error><Code>BlobNotFound</Code><Message>The specified blob does not exist.\nRequestId:${requestId}\nTime:${new Date(sim.now()).toISOString()}</Message></Error>`,
    };
  }
  const bytes = modulePackage(pkg.id, v.version, v);
  return {
    status: 200,
    headers: {
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename=${req.params.file}`,
      'x-ms-blob-type': 'BlockBlob',
      etag: `"0x${bytes.length.toString(16).toUpperCase()}"`,
    },
    body: bytes,
  };
}
