// Automation variables, schedules, job schedules, scheduled jobs and the jobs list $filter through
// the Azure SDK's own pipeline (@azure/core-rest-pipeline with the bearer-token policy), as the
// action calls ARM.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  type HttpClient,
  type Pipeline,
} from '@azure/core-rest-pipeline';
import type { Simulator } from '../../simulator/server.js';
import { startTestSimulator } from '../helpers/sim.js';
import { armCredential } from '../helpers/tokens.js';
import { aaPath, armFetch, AUTO, RES, rgPath } from '../helpers/arm.js';

let sim: Simulator;
let pipeline: Pipeline;
let client: HttpClient;
const RG = 'rg-assets';
const ACC = 'aa-assets';

interface Sent {
  status: number;
  body: any;
}

async function send(method: string, pathOrUrl: string, body?: unknown): Promise<Sent> {
  const url = pathOrUrl.startsWith('http')
    ? pathOrUrl
    : `${sim.url}${pathOrUrl}${pathOrUrl.includes('?') ? '&' : '?'}api-version=${AUTO}`;
  const req = createPipelineRequest({
    url,
    method: method as 'GET',
    headers: createHttpHeaders(body === undefined ? {} : { 'content-type': 'application/json' }),
  });
  if (body !== undefined) req.body = JSON.stringify(body);
  const res = await pipeline.sendRequest(client, req);
  const text = res.bodyAsText ?? '';
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const acc = () => aaPath(sim, RG, ACC);

beforeAll(async () => {
  sim = await startTestSimulator({ config: { jobMs: 60, lroMs: 40, pageSize: 2 } });
  pipeline = createPipelineFromOptions({});
  pipeline.addPolicy(
    bearerTokenAuthenticationPolicy({
      credential: armCredential(sim),
      scopes: 'https://management.azure.com/.default',
    }),
  );
  client = createDefaultHttpClient();
  await armFetch(sim, 'PUT', rgPath(sim, RG), { apiVersion: RES, body: { location: 'westeurope' } });
  expect((await send('PUT', acc(), { location: 'westeurope', properties: { sku: { name: 'Basic' } } })).status).toBe(
    201,
  );
});
afterAll(async () => {
  await sim.close();
});

describe('variables', () => {
  it('stores the JSON-encoded value byte for byte; PUT again answers 200; PATCH changes value and description', async () => {
    const path = `${acc()}/variables/TenantDomain`;
    const put = await send('PUT', path, { name: 'TenantDomain', properties: { value: '"contoso.com"' } });
    expect(put.status).toBe(201);
    expect(put.body).toMatchObject({
      name: 'TenantDomain',
      properties: { value: '"contoso.com"', isEncrypted: false, description: null },
    });
    expect((await send('PUT', path, { name: 'TenantDomain', properties: { value: '42' } })).status).toBe(200);
    const patched = await send('PATCH', path, { properties: { value: '"fabrikam.com"', description: 'd' } });
    expect(patched.body.properties).toMatchObject({ value: '"fabrikam.com"', description: 'd' });
    expect((await send('GET', path)).body.properties.value).toBe('"fabrikam.com"');
  });

  it('never returns the value of an encrypted variable, in GET, list or the write answers', async () => {
    const path = `${acc()}/variables/ReportKey`;
    const put = await send('PUT', path, { name: 'ReportKey', properties: { value: '"s3cret"', isEncrypted: true } });
    expect(put.status).toBe(201);
    expect(put.body.properties).not.toHaveProperty('value');
    expect(put.body.properties.isEncrypted).toBe(true);
    const patched = await send('PATCH', path, { properties: { value: '"rotated"' } });
    expect(patched.body.properties).not.toHaveProperty('value');
    const got = await send('GET', path);
    expect(got.body.properties).not.toHaveProperty('value');
    // every page of the list (page size 2)
    const seen: any[] = [];
    for (let url = `${acc()}/variables`; url;) {
      const page = await send('GET', url);
      seen.push(...page.body.value);
      url = page.body.nextLink;
    }
    expect(seen.map((v) => v.name).sort()).toEqual(['ReportKey', 'TenantDomain']);
    expect(JSON.stringify(seen)).not.toMatch(/s3cret|rotated/);
    expect(JSON.stringify(sim.sim.state.arm)).toMatch(/rotated/); // kept, only in private state
  });

  it('DELETE answers 200, also for a variable that is not there, then GET 404', async () => {
    const path = `${acc()}/variables/TenantDomain`;
    expect((await send('DELETE', path)).status).toBe(200);
    expect((await send('DELETE', path)).status).toBe(200);
    expect((await send('GET', path)).status).toBe(404);
  });
});
