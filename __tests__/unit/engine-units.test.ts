import { describe, expect, it } from '@jest/globals';
import { describeRefusal, isPublicAuthority, oidcAvailable } from '../../src/auth/credential.js';
import { isAlreadyExists, parseErrorBody, toAzureError } from '../../src/clients/errors.js';
import { parseFeed } from '../../src/clients/gallery.js';
import { assertReadOnly } from '../../src/clients/readonly-policy.js';
import { buildPlan, planJson } from '../../src/engine/plan.js';
import { KINDS, kindGraph } from '../../src/engine/registry.js';
import { AuthError, AzureError } from '../../src/errors.js';
import { desired, userAssigned } from './engine-fixtures.js';

describe('error envelopes', () => {
  it('parses the flat Automation form and the wrapped ARM/Graph form', () => {
    expect(parseErrorBody('{"code":"BadRequest","message":"flat"}', 400)).toEqual({
      code: 'BadRequest',
      message: 'flat',
    });
    expect(parseErrorBody('{"error":{"code":"ResourceGroupNotFound","message":"wrapped"}}', 404)).toEqual({
      code: 'ResourceGroupNotFound',
      message: 'wrapped',
    });
    expect(parseErrorBody('oops', 502)).toEqual({ code: 'HTTP502', message: 'oops' });
  });
  it('keeps the service message in the AzureError', () => {
    const e = toAzureError('ARM', 403, '{"error":{"code":"AuthorizationFailed","message":"no access"}}');
    expect(e).toBeInstanceOf(AzureError);
    expect(e.serviceMessage).toBe('no access');
    expect(e.message).toMatch(/Hint:/);
  });
  it("counts Graph's duplicate answers as 'already exists'", () => {
    const dup = (m: string) =>
      new AzureError({ service: 'Graph', status: 400, code: 'Request_BadRequest', message: m });
    expect(isAlreadyExists(dup('Permission being assigned already exists on the object'))).toBe(true);
    expect(
      isAlreadyExists(
        dup('A conflicting object with one or more of the specified property values is present in the directory.'),
      ),
    ).toBe(true);
    expect(isAlreadyExists(dup('Invalid value specified for property'))).toBe(false);
  });
});

describe('read-only guard', () => {
  it('refuses writes and allows reads and token endpoints', () => {
    expect(() => assertReadOnly('PUT', 'https://management.azure.com/subscriptions/x')).toThrow(/read-only/);
    expect(() => assertReadOnly('POST', 'https://graph.microsoft.com/v1.0/servicePrincipals')).toThrow(/read-only/);
    expect(() => assertReadOnly('DELETE', 'https://graph.microsoft.com/v1.0/x')).toThrow();
    expect(() => assertReadOnly('PATCH', 'https://graph.microsoft.com/v1.0/x')).toThrow();
    expect(() => assertReadOnly('GET', 'https://management.azure.com/subscriptions/x')).not.toThrow();
    expect(() => assertReadOnly('POST', 'https://login.microsoftonline.com/t/oauth2/v2.0/token')).not.toThrow();
  });
});

describe('gallery feed', () => {
  it('reads versions, prerelease flags and the next link', () => {
    const xml = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:d="http://schemas.microsoft.com/ado/2007/08/dataservices" xmlns:m="x">
      <entry><m:properties><d:Id>ExchangeOnlineManagement</d:Id><d:Version>3.9.2</d:Version><d:IsPrerelease m:type="Edm.Boolean">false</d:IsPrerelease></m:properties></entry>
      <entry><m:properties><d:Version>3.10.0-Preview1</d:Version><d:IsPrerelease m:type="Edm.Boolean">true</d:IsPrerelease></m:properties></entry>
      <link rel="next" href="https://g/api/v2/FindPackagesById()?id='ExchangeOnlineManagement'&amp;$skip=100"/></feed>`;
    expect(parseFeed(xml)).toEqual({
      versions: [
        { version: '3.9.2', prerelease: false },
        { version: '3.10.0-Preview1', prerelease: true },
      ],
      next: "https://g/api/v2/FindPackagesById()?id='ExchangeOnlineManagement'&$skip=100",
    });
  });
});

describe('plan', () => {
  it('counts and renders the contract JSON without before/after', () => {
    const plan = buildPlan('plan', [
      {
        kind: 'resource-group',
        name: 'rg',
        action: 'create',
        reason: 'missing',
        after: { location: 'x' },
        data: 1,
      },
      { kind: 'directory-role-assignment', name: 'Global Reader', action: 'delete', reason: 'exclusive' },
    ]);
    expect(plan.counts).toEqual({ create: 1, update: 0, delete: 1 });
    expect(plan.changes[0]).toEqual({
      kind: 'resource-group',
      name: 'rg',
      action: 'create',
      reason: 'missing',
      after: { location: 'x' },
    });
    expect(JSON.parse(planJson(plan))).toEqual({
      version: 1,
      mode: 'plan',
      changes: [
        { kind: 'resource-group', name: 'rg', action: 'create', reason: 'missing' },
        { kind: 'directory-role-assignment', name: 'Global Reader', action: 'delete', reason: 'exclusive' },
      ],
      counts: { create: 1, update: 0, delete: 1 },
    });
  });
});

describe('registry depths (the plan order)', () => {
  it('orders system-assigned: rg -> account -> environments -> packages; account -> roles', () => {
    const l = kindGraph(KINDS, desired()).depth;
    expect(l.has('user-assigned-identity')).toBe(false);
    expect(l.get('resource-group')).toBe(0);
    expect(l.get('exchange-service-principal')).toBe(0);
    expect(l.get('automation-account')).toBe(1);
    expect(l.get('runtime-environment')).toBe(2);
    expect(l.get('package')).toBe(3);
    expect(l.get('app-role-assignment')).toBe(2);
    expect(l.get('directory-role-assignment')).toBe(2);
  });
  it('orders user-assigned: the roles follow the identity, not the account', () => {
    const l = kindGraph(KINDS, userAssigned()).depth;
    expect(l.get('user-assigned-identity')).toBe(1);
    expect(l.get('automation-account')).toBe(2);
    expect(l.get('app-role-assignment')).toBe(2);
    expect(l.get('directory-role-assignment')).toBe(2);
  });
});

describe('credential helpers', () => {
  it('knows public authorities (instance discovery only there)', () => {
    expect(isPublicAuthority('https://login.microsoftonline.com')).toBe(true);
    expect(isPublicAuthority('https://login.microsoftonline.us/')).toBe(true);
    expect(isPublicAuthority('https://127.0.0.1:8443')).toBe(false);
  });
  it('needs both OIDC variables', () => {
    expect(oidcAvailable({})).toBe(false);
    expect(oidcAvailable({ ACTIONS_ID_TOKEN_REQUEST_URL: 'u', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' })).toBe(true);
  });
  it('turns AADSTS70021 into the exact federated credential to add, with iss/sub/aud', () => {
    const err = {
      errorResponse: {
        error: 'unauthorized_client',
        errorDescription:
          "AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: 'https://token.actions.githubusercontent.com'.\r\nTrace ID: x",
      },
    };
    const auth = describeRefusal(
      err,
      {
        iss: 'https://token.actions.githubusercontent.com',
        sub: 'repo:octo-org/octo-repo:environment:prod',
        aud: 'api://AzureADTokenExchange',
      },
      'app-1',
    );
    expect(auth).toBeInstanceOf(AuthError);
    expect(auth.code).toBe('AADSTS70021');
    expect(auth.message).toContain('sub=repo:octo-org/octo-repo:environment:prod');
    expect(auth.hint).toContain('subject repo:octo-org/octo-repo:environment:prod');
    expect(auth.hint).toContain('issuer https://token.actions.githubusercontent.com');
    expect(auth.hint).toContain('audience api://AzureADTokenExchange');
  });
  // Current Entra (Azure/login issues 453 and 360): one code per mismatched field, 401 invalid_client.
  const claims = {
    iss: 'https://token.actions.githubusercontent.com',
    sub: 'repo:octo-org/octo-repo:ref:refs/heads/feature',
    aud: 'api://AzureADTokenExchange',
  };
  const refusal = (text: string) => ({ errorResponse: { error: 'invalid_client', errorDescription: text } });
  it('turns AADSTS700213 (subject) into the exact credential to add', () => {
    const auth = describeRefusal(
      refusal(
        `AADSTS700213: No matching federated identity record found for presented assertion subject '${claims.sub}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.`,
      ),
      claims,
      'app-1',
    );
    expect(auth.code).toBe('AADSTS700213');
    expect(auth.hint).toContain(`subject ${claims.sub}`);
    expect(auth.hint).toContain('az ad app federated-credential create --id app-1');
  });
  it('turns AADSTS700211 (issuer) into the issuer the credential must name', () => {
    const auth = describeRefusal(
      refusal(
        "AADSTS700211: No matching federated identity record found for presented assertion issuer 'https://token.actions.githubusercontent.com'.",
      ),
      claims,
      'app-1',
    );
    expect(auth.code).toBe('AADSTS700211');
    expect(auth.hint).toContain('has the issuer of this token, https://token.actions.githubusercontent.com');
    expect(auth.hint).toContain('trailing slash');
  });
  it('turns AADSTS700212 (audience) into the audience to add or the input to set', () => {
    const auth = describeRefusal(
      refusal("AADSTS700212: No matching federated identity record found for presented assertion audience 'x'."),
      { ...claims, aud: 'api://Other' },
      'app-1',
    );
    expect(auth.code).toBe('AADSTS700212');
    expect(auth.hint).toContain('lists the token audience api://Other');
    expect(auth.hint).toContain('`audience` input');
  });
});
