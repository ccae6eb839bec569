// PowerShell Gallery v2 (OData/Atom) feed: versions of a package and its download URL.
import {
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  type Pipeline,
  type PipelineRetryOptions,
} from '@azure/core-rest-pipeline';
import { AzureError } from '../errors.js';
import { parseManifest, type ModuleManifest } from '../modules/manifest.js';
import { parseDependencies } from '../modules/range.js';
import { nupkgManifest } from './nupkg.js';
import { timeoutPolicy } from './timeout-policy.js';

export interface GalleryVersion {
  version: string;
  prerelease: boolean;
}

function decodeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function tag(entry: string, name: string): string | undefined {
  const m = new RegExp(`<(?:d:)?${name}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:d:)?${name}>`).exec(entry);
  return m ? decodeXml(m[1].trim()) : undefined;
}

/** One feed entry: the gallery's spelling of the id and its declared dependencies. Pure. */
export function parseEntry(xml: string): { id: string; dependencies: { id: string; range: string }[] } | undefined {
  const id = tag(xml, 'Id');
  if (!id) return undefined;
  return { id, dependencies: parseDependencies(tag(xml, 'Dependencies') ?? '') };
}

/** An OData string literal: 'X' with ' doubled, URL-encoded. */
const literal = (s: string) => encodeURIComponent(`'${s.replace(/'/g, "''")}'`);

/** Versions from one Atom page, plus the next page's URL. Pure. */
export function parseFeed(xml: string): { versions: GalleryVersion[]; next?: string } {
  const versions: GalleryVersion[] = [];
  for (const m of xml.matchAll(/<entry[\s>][\s\S]*?<\/entry>/g)) {
    const entry = m[0];
    const version = tag(entry, 'Version');
    if (!version) continue;
    const pre = tag(entry, 'IsPrerelease');
    versions.push({ version, prerelease: pre === 'true' || /-/.test(version) });
  }
  const next =
    /<link[^>]*rel="next"[^>]*href="([^"]+)"/.exec(xml) ?? /<link[^>]*href="([^"]+)"[^>]*rel="next"/.exec(xml);
  return { versions, next: next ? decodeXml(next[1]) : undefined };
}

export class GalleryClient {
  private readonly pipeline: Pipeline;
  private readonly http = createDefaultHttpClient();
  readonly endpoint: string;

  constructor(endpoint: string, retryOptions?: PipelineRetryOptions) {
    this.endpoint = endpoint.replace(/\/+$/, '');
    this.pipeline = createPipelineFromOptions({
      retryOptions,
      userAgentOptions: { userAgentPrefix: 'exo-automation' },
    });
    this.pipeline.addPolicy(timeoutPolicy(), { afterPhase: 'Retry' });
  }

  /** Every version of `id` in the feed (all pages). */
  async versions(id: string): Promise<GalleryVersion[]> {
    const all: GalleryVersion[] = [];
    let url: string | undefined = `${this.endpoint}/FindPackagesById()?id=${encodeURIComponent(`'${id}'`)}`;
    for (let page = 0; url && page < 50; page++) {
      const res = await this.pipeline.sendRequest(
        this.http,
        createPipelineRequest({ url, method: 'GET', headers: createHttpHeaders({ accept: 'application/atom+xml' }) }),
      );
      if (res.status >= 400) {
        throw new AzureError({
          service: 'Gallery',
          status: res.status,
          code: `HTTP${res.status}`,
          message: `Listing versions of ${id} at ${this.endpoint} failed: ${(res.bodyAsText ?? '').slice(0, 500)}`,
        });
      }
      const parsed = parseFeed(res.bodyAsText ?? '');
      all.push(...parsed.versions);
      url = parsed.next;
    }
    return all;
  }

  private failed(status: number, what: string, body: string): AzureError {
    return new AzureError({
      service: 'Gallery',
      status,
      code: `HTTP${status}`,
      message: `${what} at ${this.endpoint} failed: ${body.slice(0, 500)}`,
    });
  }

  /** The entry of one version (Packages(Id=,Version=)); undefined when the gallery has no such version. */
  async entry(id: string, version: string): Promise<ReturnType<typeof parseEntry>> {
    const url = `${this.endpoint}/Packages(Id=${literal(id)},Version=${literal(version)})`;
    const res = await this.pipeline.sendRequest(
      this.http,
      createPipelineRequest({ url, method: 'GET', headers: createHttpHeaders({ accept: 'application/atom+xml' }) }),
    );
    if (res.status === 404) return undefined;
    if (res.status >= 400) throw this.failed(res.status, `Reading ${id} ${version}`, res.bodyAsText ?? '');
    return parseEntry(res.bodyAsText ?? '');
  }

  /** The module manifest of one version, read from its package (the download Automation imports). */
  async manifest(id: string, version: string): Promise<ModuleManifest> {
    const res = await this.pipeline.sendRequest(
      this.http,
      createPipelineRequest({
        url: this.packageUrl(id, version),
        method: 'GET',
        streamResponseStatusCodes: new Set([200]),
      }),
    );
    if (res.status !== 200) throw this.failed(res.status, `Downloading ${id} ${version}`, res.bodyAsText ?? '');
    const chunks: Buffer[] = [];
    for await (const chunk of res.readableStreamBody ?? []) chunks.push(Buffer.from(chunk as Uint8Array));
    const text = nupkgManifest(Buffer.concat(chunks), id);
    return text === undefined ? {} : parseManifest(text);
  }

  /** The package download URL Automation imports from. */
  packageUrl(id: string, version: string): string {
    return `${this.endpoint}/package/${encodeURIComponent(id)}/${encodeURIComponent(version)}`;
  }
}
