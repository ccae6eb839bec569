// Real request/response pairs from the Azure SDKs' and the Azure CLI's recorded tests (each file
// names its repository, path and commit), replayed in order against a fresh simulator: each
// answer must agree with the recorded one in status, LRO headers and body shape (compare.ts).
// Where they disagree, the simulator is fixed: the recording wins. The simulator runs with its
// faithful defaults (the draft upload's Retry-After is the recorded 5 s, waited as a client would).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_VERSIONS } from '../../simulator/arm/common.js';
import type { Simulator } from '../../simulator/server.js';
import { DEFAULT_CONFIG } from '../../simulator/state.js';
import { startTestSimulator } from '../helpers/sim.js';
import { armToken } from '../helpers/tokens.js';
import { compareResponse, shapeDiff, urlForm, type LiveResponse, type RecordedResponse } from './compare.js';

interface RecordedRequest {
  method: string;
  /** the recorded URI, or '{Location}': the Location of the previous answer (an operation poll) */
  uri: string;
  recordedUri?: string;
  body?: unknown;
  /** a text body as the .NET test proxy stores it: one string per line */
  bodyLines?: string[];
  contentType?: string;
}

interface Recording {
  source: { repository: string; path: string; commit: string };
  setup?: { method: string; uri: string; body?: unknown }[];
  /** body paths whose content depends on something the replay cannot reproduce: path -> why */
  entries: { request: RecordedRequest; response: RecordedResponse; opaque?: Record<string, string> }[];
}

const DIR = dirname(fileURLToPath(import.meta.url));
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.json'));
const load = (f: string) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Recording;

/** The api-versions the simulator serves for a path (the recorded one is kept when served). */
function served(path: string): readonly string[] {
  if (/\/runtimeEnvironments/i.test(path)) return API_VERSIONS.runtimeEnvironments;
  if (/\/Microsoft\.Automation\//i.test(path)) return API_VERSIONS.automation;
  if (/\/Microsoft\.ManagedIdentity\//i.test(path)) return API_VERSIONS.msi;
  return API_VERSIONS.resources;
}

/**
 * The recorded URI on the simulator: its host and subscription, and the recorded api-version
 * when the simulator serves it, else the newest it serves (the shape is what is compared).
 */
export function onSimulator(uri: string, sim: Simulator): { url: string; substituted?: string } {
  const u = new URL(uri);
  const target = new URL(
    sim.url + u.pathname.replace(/^\/subscriptions\/[^/]+/i, `/subscriptions/${sim.subscriptionId}`),
  );
  const recorded = u.searchParams.get('api-version') ?? '';
  const versions = served(u.pathname);
  const version = versions.includes(recorded) ? recorded : versions[0];
  target.searchParams.set('api-version', version);
  return { url: target.toString(), substituted: version !== recorded ? `${recorded} -> ${version}` : undefined };
}

async function send(sim: Simulator, token: string, method: string, url: string, req?: RecordedRequest) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  let body: string | undefined;
  if (req?.bodyLines) body = req.bodyLines.join('');
  else if (req?.body !== undefined) body = JSON.stringify(req.body);
  if (body !== undefined) headers['content-type'] = req?.contentType ?? 'application/json';
  const res = await fetch(url, { method, headers, body });
  return { status: res.status, headers: res.headers, text: await res.text() } satisfies LiveResponse;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls an operation as a compliant client does: Retry-After when given, else a short backoff. */
async function poll(sim: Simulator, token: string, url: string, previous: LiveResponse): Promise<LiveResponse> {
  let last = previous;
  for (let i = 0; i < 50; i++) {
    const after = Number(last.headers.get('retry-after') ?? '0');
    await sleep(after > 0 ? after * 1000 : 100);
    last = await send(sim, token, 'GET', url);
    if (last.status !== 202) return last;
  }
  return last;
}

let sim: Simulator;
let token: string;

beforeAll(async () => {
  // the faithful defaults, not the test helpers' fast Retry-After
  sim = await startTestSimulator({ config: { draftRetryAfterSeconds: DEFAULT_CONFIG.draftRetryAfterSeconds } });
  token = await armToken(sim);
});

afterAll(async () => {
  await sim.close();
});

describe.each(FILES)('recording %s', (file) => {
  const rec = load(file);
  it(`agrees with ${rec.source.repository} ${rec.source.path} @ ${rec.source.commit.slice(0, 12)}`, async () => {
    for (const s of rec.setup ?? []) {
      const r = await send(sim, token, s.method, onSimulator(s.uri, sim).url, {
        method: s.method,
        uri: s.uri,
        body: s.body,
      });
      expect(r.status).toBeLessThan(300);
    }
    const subs = [
      sim.subscriptionId,
      ...new Set(
        rec.entries.map((e) => /\/subscriptions\/([^/?]+)/.exec(e.request.recordedUri ?? e.request.uri)?.[1] ?? ''),
      ),
    ];
    let previous: LiveResponse | undefined;
    const problems: string[] = [];
    for (const [i, entry] of rec.entries.entries()) {
      const { method } = entry.request;
      let live: LiveResponse;
      if (entry.request.uri === '{Location}') {
        const location = previous?.headers.get('location');
        if (!previous || !location) {
          problems.push(`#${i} ${method} {Location}: the previous answer named no Location`);
          break;
        }
        live = await poll(sim, token, location, previous);
      } else {
        live = await send(sim, token, method, onSimulator(entry.request.uri, sim).url, entry.request);
      }
      const opaque = Object.keys(entry.opaque ?? {});
      const diffs = compareResponse(entry.response, live, subs).filter(
        (d) => !opaque.some((p) => d.startsWith(`${p}.`) || d.startsWith(`${p}:`)),
      );
      for (const d of diffs)
        problems.push(`#${i} ${method} ${urlForm(entry.request.recordedUri ?? entry.request.uri, subs)}: ${d}`);
      previous = live;
    }
    expect(problems).toEqual([]);
  });
});

describe('the comparison', () => {
  const rec: RecordedResponse = {
    status: 202,
    headers: {
      Location:
        'https://management.azure.com/subscriptions/s1/x/operationResults/9a0b9399-0769-46d6-b71d-4ebe0f8f97d6?api-version=1',
      'Retry-After': '5',
    },
    body: null,
  };
  const live = (status: number, headers: Record<string, string>, text = ''): LiveResponse => ({
    status,
    headers: new Headers(headers),
    text,
  });
  it('agrees with the same answer on another host, subscription and operation id', () => {
    const same = live(202, {
      location: 'https://127.0.0.1:1/subscriptions/s2/x/operationResults/0e6796fb-3b8c-4c76-9e82-4003fcb0f752',
      'retry-after': '5',
    });
    expect(compareResponse(rec, same, ['s1', 's2'])).toEqual([]);
  });
  it('reports another status, Location form and Retry-After', () => {
    const other = live(200, {
      location: 'https://127.0.0.1:1/subscriptions/s2/x/draft/content/operationResults/1',
      'retry-after': '0',
    });
    const diffs = compareResponse(rec, other, ['s1', 's2']);
    expect(diffs).toHaveLength(3);
    expect(diffs.join('\n')).toMatch(/status.*\n.*Location form.*\n.*Retry-After: recorded 5, simulator 0/);
  });
  it('reports a missing key and a type change, and allows added keys', () => {
    expect(
      shapeDiff({ etag: null, properties: { a: 1, b: 'x' } }, { etag: '"1"', properties: { a: 1, c: 2 } }),
    ).toEqual(['$.etag: recorded null, simulator string', "$.properties.b: missing in the simulator's answer"]);
  });
});
