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

  /** The package download URL Automation imports from. */
  packageUrl(id: string, version: string): string {
    return `${this.endpoint}/package/${encodeURIComponent(id)}/${encodeURIComponent(version)}`;
  }
}
