// The OData v2 (Atom) documents of the PowerShell Gallery: a feed of package entries and a single
// entry, with the gallery's namespaces, category, content link and m:properties.
import { createHash } from 'node:crypto';
import { modulePackage } from './zip.js';
import { latestOf, normalizeVersion } from './versions.js';
import type { GalleryVersion } from '../types.js';

const NS =
  'xmlns="http://www.w3.org/2005/Atom" xmlns:d="http://schemas.microsoft.com/ado/2007/08/dataservices" xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata" xmlns:georss="http://www.georss.org/georss" xmlns:gml="http://www.opengis.net/gml"';

export const FEED_TYPE = 'application/atom+xml;type=feed;charset=utf-8';
export const ENTRY_TYPE = 'application/atom+xml;type=entry;charset=utf-8';

export function esc(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function edmDate(d: string): string {
  const t = new Date(d);
  return Number.isNaN(t.getTime()) ? '1900-01-01T00:00:00' : t.toISOString().replace(/Z$/, '');
}

export interface EntryContext {
  /** e.g. https://127.0.0.1:1234/api/v2 */
  root: string;
  id: string;
  all: GalleryVersion[];
}

function entry(ctx: EntryContext, v: GalleryVersion, top: boolean): string {
  const { latest, absolute } = latestOf(ctx.all);
  const nupkg = modulePackage(ctx.id, v.version, v);
  const hash = createHash('sha512').update(nupkg).digest('base64');
  const self = `${ctx.root}/Packages(Id='${esc(ctx.id)}',Version='${esc(v.version)}')`;
  const listed = v.downloadable !== false;
  const published = listed ? edmDate(v.published) : '1900-01-01T00:00:00';
  return `<entry${top ? ` xml:base="${esc(ctx.root)}" ${NS}` : ''}><id>${self}</id><category term="NuGetGallery.OData.V2FeedPackage" scheme="http://schemas.microsoft.com/ado/2007/08/dataservices/scheme" /><link rel="edit" href="${self}" /><link rel="self" href="${self}" /><title type="text">${esc(ctx.id)}</title><summary type="text">${esc(ctx.id)} (simulated package)</summary><updated>${edmDate(v.published)}Z</updated><author><name>Simulated</name></author><content type="application/zip" src="${esc(`${ctx.root}/package/${ctx.id}/${v.version}`)}" /><m:properties><d:Id>${esc(ctx.id)}</d:Id><d:Version>${esc(v.version)}</d:Version><d:NormalizedVersion>${esc(normalizeVersion(v.version))}</d:NormalizedVersion><d:Authors>Simulated</d:Authors><d:Copyright m:null="true" /><d:Created m:type="Edm.DateTime">${edmDate(v.published)}</d:Created><d:Dependencies>${esc(v.dependencies ?? '')}</d:Dependencies><d:Description>${esc(ctx.id)} (simulated package)</d:Description><d:DownloadCount m:type="Edm.Int32">0</d:DownloadCount><d:GalleryDetailsUrl>${esc(`${ctx.root.replace(/\/api\/v2$/, '')}/packages/${ctx.id}/${v.version}`)}</d:GalleryDetailsUrl><d:IconUrl m:null="true" /><d:IsLatestVersion m:type="Edm.Boolean">${v === latest}</d:IsLatestVersion><d:IsAbsoluteLatestVersion m:type="Edm.Boolean">${v === absolute}</d:IsAbsoluteLatestVersion><d:IsPrerelease m:type="Edm.Boolean">${v.prerelease}</d:IsPrerelease><d:Language m:null="true" /><d:LastUpdated m:type="Edm.DateTime">${edmDate(v.published)}</d:LastUpdated><d:Published m:type="Edm.DateTime">${published}</d:Published><d:PackageHash>${hash}</d:PackageHash><d:PackageHashAlgorithm>SHA512</d:PackageHashAlgorithm><d:PackageSize m:type="Edm.Int64">${nupkg.length}</d:PackageSize><d:ProjectUrl m:null="true" /><d:ReleaseNotes m:null="true" /><d:RequireLicenseAcceptance m:type="Edm.Boolean">false</d:RequireLicenseAcceptance><d:Summary m:null="true" /><d:Tags xml:space="preserve"> PSModule </d:Tags><d:Title>${esc(ctx.id)}</d:Title><d:VersionDownloadCount m:type="Edm.Int32">0</d:VersionDownloadCount><d:Listed m:type="Edm.Boolean">${listed}</d:Listed></m:properties></entry>`;
}

export function entryDocument(ctx: EntryContext, v: GalleryVersion): string {
  return `<?xml version="1.0" encoding="utf-8"?>${entry(ctx, v, true)}`;
}

/** A feed page; `next` is the href of the following page, when there is one. */
export function feedDocument(
  root: string,
  selfPath: string,
  updated: string,
  entries: { ctx: EntryContext; v: GalleryVersion }[],
  next?: string,
): string {
  const body = entries.map((e) => entry(e.ctx, e.v, false)).join('');
  const nextLink = next ? `<link rel="next" href="${esc(next)}" />` : '';
  return `<?xml version="1.0" encoding="utf-8"?><feed xml:base="${esc(root)}" ${NS}><id>http://schemas.datacontract.org/2004/07/</id><title /><updated>${updated}</updated><link rel="self" href="${esc(`${root}/${selfPath}`)}" />${body}${nextLink}</feed>`;
}

/** OData's "not found" body. */
export function odataNotFound(segment: string): string {
  return `<?xml version="1.0" encoding="utf-8" standalone="yes"?>\r\n<m:error xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata"><m:code /><m:message xml:lang="en-US">Resource not found for the segment '${esc(segment)}'.</m:message></m:error>`;
}
