// The PowerShell Gallery v2 feed of the simulator, through fetch: Atom feeds and entries as the
// gallery answers them, paging, and the package download (302 to a blob serving a real nupkg).
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startTestSimulator } from '../helpers/sim.js';
import { GalleryClient } from '../../src/clients/gallery.js';
import { galleryHasVersion, packageUrl, parsePackageUrl } from '../../simulator/gallery/index.js';
import type { Simulator } from '../../simulator/server.js';
import { defaultState } from '../../simulator/state.js';

let sim: Simulator;
let api: string;

beforeAll(async () => {
  sim = await startTestSimulator();
  api = `${sim.url}/api/v2`;
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.sim.state = { ...defaultState(), config: { ...sim.sim.state.config, pageSize: 100 } };
});

/** The m:properties of each entry of an Atom document, plus its content src. */
function entries(xml: string): Record<string, string>[] {
  return [...xml.matchAll(/<entry[\s>][\s\S]*?<\/entry>/g)].map(([e]) => {
    const props: Record<string, string> = {};
    for (const m of e.matchAll(/<d:(\w+)(?: [^>]*)?>([^<]*)<\/d:\1>/g)) props[m[1]] = m[2];
    props.src = /<content type="application\/zip" src="([^"]+)"/.exec(e)?.[1].replace(/&apos;/g, "'") ?? '';
    return props;
  });
}

function nextLink(xml: string): string | undefined {
  const href = /<link rel="next" href="([^"]+)"/.exec(xml)?.[1];
  return href?.replace(/&amp;/g, '&').replace(/&apos;/g, "'");
}

async function get(url: string): Promise<{ status: number; type: string; text: string }> {
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

describe('FindPackagesById()', () => {
  it('lists every version with the gallery properties, latest flags and download links', async () => {
    const r = await get(`${api}/FindPackagesById()?id='ExchangeOnlineManagement'`);
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/atom+xml;type=feed;charset=utf-8');
    expect(r.text).toMatch(
      /^<\?xml version="1.0" encoding="utf-8"\?><feed xml:base="[^"]+\/api\/v2" xmlns="http:\/\/www.w3.org\/2005\/Atom"/,
    );
    const list = entries(r.text);
    const state = sim.sim.state.gallery.ExchangeOnlineManagement;
    expect(list).toHaveLength(state.length);
    expect(list.every((e) => e.Id === 'ExchangeOnlineManagement')).toBe(true);
    expect(list.filter((e) => e.IsLatestVersion === 'true').map((e) => e.Version)).toEqual(['3.10.0']);
    expect(list.filter((e) => e.IsAbsoluteLatestVersion === 'true').map((e) => e.Version)).toEqual(['3.11.0-Preview1']);
    const pre = list.find((e) => e.Version === '3.8.0-Preview1')!;
    expect(pre).toMatchObject({
      IsPrerelease: 'true',
      NormalizedVersion: '3.8.0-Preview1',
      PackageHashAlgorithm: 'SHA512',
    });
    expect(list.find((e) => e.Version === '3.4.0')).toMatchObject({
      IsPrerelease: 'false',
      Published: '2023-10-17T00:00:00.000',
      src: packageUrl(sim.url, 'ExchangeOnlineManagement', '3.4.0'),
    });
  });

  it('finds ids without regard to case, and answers an empty feed for an unknown id', async () => {
    const list = entries((await get(`${api}/FindPackagesById()?id='powershellget'`)).text);
    expect(list.map((e) => `${e.Id} ${e.Version}`)).toEqual([
      'PowerShellGet 2.2.4.1',
      'PowerShellGet 2.2.5',
      'PowerShellGet 3.0.23-beta23',
    ]);
    const none = await get(`${api}/FindPackagesById()?id='NoSuchModule'`);
    expect(none.status).toBe(200);
    expect(entries(none.text)).toEqual([]);
  });

  it('pages with a rel="next" link that continues after the last entry', async () => {
    sim.sim.state.config.pageSize = 5;
    let url: string | undefined = `${api}/FindPackagesById()?id='ExchangeOnlineManagement'`;
    const versions: string[] = [];
    let pages = 0;
    while (url) {
      const r = await get(url);
      const page = entries(r.text);
      expect(page.length).toBeLessThanOrEqual(5);
      versions.push(...page.map((e) => e.Version));
      url = nextLink(r.text);
      pages++;
    }
    expect(pages).toBe(4);
    sim.sim.state.config.pageSize = 100;
    expect(versions).toEqual(
      entries((await get(`${api}/FindPackagesById()?id='ExchangeOnlineManagement'`)).text).map((e) => e.Version),
    );
    expect(new Set(versions).size).toBe(sim.sim.state.gallery.ExchangeOnlineManagement.length);
  });
});

describe('Packages()', () => {
  it("answers one entry for Packages(Id='X',Version='V'), normalizing the version", async () => {
    const r = await get(`${api}/Packages(Id='ExchangeOnlineManagement',Version='3.4.0')`);
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/atom+xml;type=entry;charset=utf-8');
    expect(entries(r.text)).toEqual([expect.objectContaining({ Version: '3.4.0', IsLatestVersion: 'false' })]);
    const four = await get(`${api}/Packages(Id='exchangeonlinemanagement',Version='3.4.0.0')`);
    expect(entries(four.text)[0]).toMatchObject({ Id: 'ExchangeOnlineManagement', Version: '3.4.0' });
  });

  it('answers 404 with an OData error for a missing version', async () => {
    const r = await get(`${api}/Packages(Id='ExchangeOnlineManagement',Version='9.9.9')`);
    expect(r.status).toBe(404);
    expect(r.text).toContain(
      '<m:message xml:lang="en-US">Resource not found for the segment \'Packages\'.</m:message>',
    );
  });

  it('filters by id and IsLatestVersion', async () => {
    const r = await get(`${api}/Packages()?$filter=${encodeURIComponent("Id eq 'PowerShellGet' and IsLatestVersion")}`);
    expect(entries(r.text).map((e) => e.Version)).toEqual(['2.2.5']);
  });
});

describe('package download', () => {
  it('redirects to a blob on this host that serves the nupkg the feed hashes', async () => {
    const url = packageUrl(sim.url, 'ExchangeOnlineManagement', '3.4.0');
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = res.headers.get('location')!;
    expect(location).toBe(`${sim.url}/api/v2/_blob/packages/exchangeonlinemanagement.3.4.0.nupkg`);

    const blob = await fetch(url); // follows the redirect
    expect(blob.status).toBe(200);
    const bytes = Buffer.from(await blob.arrayBuffer());
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    expect(bytes.toString('latin1')).toContain('<version>3.4.0</version>');
    const entry = entries((await get(`${api}/Packages(Id='ExchangeOnlineManagement',Version='3.4.0')`)).text)[0];
    expect(createHash('sha512').update(bytes).digest('base64')).toBe(entry.PackageHash);
    expect(Number(entry.PackageSize)).toBe(bytes.length);
  });

  it('answers 404 for a missing or withdrawn version, which galleryHasVersion reports', async () => {
    expect((await fetch(packageUrl(sim.url, 'ExchangeOnlineManagement', '9.9.9'), { redirect: 'manual' })).status).toBe(
      404,
    );
    expect(galleryHasVersion(sim.sim, 'ExchangeOnlineManagement', '3.4.0')).toBe(true);
    expect(galleryHasVersion(sim.sim, 'exchangeonlinemanagement', '3.4.0.0')).toBe(true);
    expect(galleryHasVersion(sim.sim, 'ExchangeOnlineManagement', '9.9.9')).toBe(false);
    expect(galleryHasVersion(sim.sim, 'NoSuchModule', '1.0.0')).toBe(false);

    const v = sim.sim.state.gallery.ExchangeOnlineManagement.find((x) => x.version === '3.10.0')!;
    v.downloadable = false;
    expect(galleryHasVersion(sim.sim, 'ExchangeOnlineManagement', '3.10.0')).toBe(false);
    expect(
      (await fetch(packageUrl(sim.url, 'ExchangeOnlineManagement', '3.10.0'), { redirect: 'manual' })).status,
    ).toBe(404);
    const blob = await get(`${sim.url}/api/v2/_blob/packages/exchangeonlinemanagement.3.10.0.nupkg`);
    expect(blob.status).toBe(404);
    expect(blob.text).toContain('<Code>BlobNotFound</Code>');
    // a withdrawn version is no longer the latest
    const list = entries((await get(`${api}/FindPackagesById()?id='ExchangeOnlineManagement'`)).text);
    expect(list.filter((e) => e.IsLatestVersion === 'true').map((e) => e.Version)).toEqual(['3.9.2']);
  });

  it('the latest stable version downloads without a version', async () => {
    const res = await fetch(`${api}/package/PackageManagement`, { redirect: 'manual' });
    expect(res.headers.get('location')).toMatch(/packagemanagement\.1\.4\.8\.1\.nupkg$/);
  });

  it('parsePackageUrl reads back what packageUrl builds', () => {
    expect(parsePackageUrl(packageUrl('https://127.0.0.1:1/', 'ExchangeOnlineManagement', '3.8.0-Preview1'))).toEqual({
      id: 'ExchangeOnlineManagement',
      version: '3.8.0-Preview1',
    });
    expect(parsePackageUrl('https://example.com/other')).toBeUndefined();
  });

  it('the action’s gallery client reads a version’s declared dependencies and its manifest (real metadata)', async () => {
    const client = new GalleryClient(api, { maxRetries: 0 });
    expect(await client.entry('microsoft.graph.users', '2.18.0')).toEqual({
      id: 'Microsoft.Graph.Users',
      dependencies: [{ id: 'Microsoft.Graph.Authentication', range: '[2.18.0]' }],
    });
    expect(await client.entry('Microsoft.Graph.Users', '9.9.9')).toBeUndefined();
    expect(await client.manifest('Microsoft.Graph.Users', '2.18.0')).toEqual({
      powerShellVersion: '5.1',
      compatiblePSEditions: ['Core', 'Desktop'],
      dotNetFrameworkVersion: '4.7.2',
    });
    expect(await client.manifest('PnP.PowerShell', '3.1.0')).toEqual({
      powerShellVersion: '7.4.6',
      compatiblePSEditions: undefined,
      dotNetFrameworkVersion: undefined,
    });
    expect((await client.versions('Microsoft.Graph.Authentication')).map((v) => v.version)).toContain('2.18.0');
  });
});
