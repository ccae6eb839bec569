import { describe, expect, it } from '@jest/globals';
import {
  AuthError,
  AzureError,
  ConfigError,
  extractAadstsCode,
  formatServiceError,
  hintFor,
  importFailureHint,
  knownErrorCodes,
  normalizeCode,
} from '../../src/errors.js';

describe('hintFor', () => {
  it.each([
    ['AADSTS70021', /federated credential.*client-id/],
    ['AADSTS700213', /subject.*repo:OWNER\/REPO:pull_request/],
    ['AADSTS7002138', /letter case/],
    ['AADSTS700024', /validity window/],
    ['AADSTS700016', /client-id.*tenant-id/],
    ['AADSTS7000215', /client secret/],
    ['AADSTS700211', /issuer/],
    ['AADSTS700212', /audience/],
    ['Authorization_RequestDenied', /AppRoleAssignment\.ReadWrite\.All.*RoleManagement\.ReadWrite\.Directory/],
    ['AuthorizationFailed', /Contributor/],
    ['LinkedAuthorizationFailed', /Managed Identity Operator/],
    ['ResourceGroupNotFound', /create-missing.*location/],
    ['Request_BadRequest', /already exists/],
    ['Request_ResourceNotFound', /replicate/],
    ['MissingSubscriptionRegistration', /Microsoft\.Automation/],
  ])('%s -> %s', (code, expected) => {
    expect(hintFor(code)).toMatch(expected);
  });

  it('names the id-based subject form for subject mismatches', () => {
    expect(hintFor('AADSTS700213')).toContain('repo:OWNER@OWNER_ID/REPO@REPO_ID');
  });

  it('accepts numeric and lower-case AADSTS codes and any case of other codes', () => {
    expect(hintFor(70021)).toBe(hintFor('AADSTS70021'));
    expect(hintFor('70021')).toBe(hintFor('AADSTS70021'));
    expect(hintFor('aadsts700213')).toBe(hintFor('AADSTS700213'));
    expect(hintFor('authorizationfailed')).toBe(hintFor('AuthorizationFailed'));
  });

  it('answers undefined for unknown or empty codes', () => {
    expect(hintFor('SomethingElse')).toBeUndefined();
    expect(hintFor('')).toBeUndefined();
    expect(hintFor(undefined)).toBeUndefined();
  });

  it('has a hint for every listed code', () => {
    for (const code of knownErrorCodes()) expect(hintFor(code)?.length).toBeGreaterThan(20);
  });

  it('normalises codes', () => {
    expect(normalizeCode(' 700016 ')).toBe('AADSTS700016');
    expect(normalizeCode('aadsts700016')).toBe('AADSTS700016');
    expect(normalizeCode('ResourceNotFound')).toBe('ResourceNotFound');
  });
});

describe('extractAadstsCode', () => {
  it('finds the code in an Entra error_description', () => {
    const text =
      "AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:o/r:pull_request'.\r\nTrace ID: x";
    expect(extractAadstsCode(text)).toBe('AADSTS700213');
    expect(extractAadstsCode('no code here')).toBeUndefined();
  });
});

describe('formatServiceError', () => {
  it('puts the service code and own message first, then the hint and request id', () => {
    const text = formatServiceError({
      service: 'Graph',
      status: 403,
      code: 'Authorization_RequestDenied',
      message: 'Insufficient privileges to complete the operation.',
      requestId: 'b1909fc0-aa5c-4b43-8a1f-000000000000',
    });
    const lines = text.split('\n');
    expect(lines[0]).toBe('Graph 403 Authorization_RequestDenied: Insufficient privileges to complete the operation.');
    expect(lines[1]).toMatch(/^Hint: The deploying app lacks Microsoft Graph application permissions/);
    expect(lines[2]).toBe('Request id: b1909fc0-aa5c-4b43-8a1f-000000000000');
  });

  it('keeps the message of an unknown code and adds no hint', () => {
    expect(formatServiceError({ service: 'ARM', status: 400, code: 'Weird', message: 'odd\r\nthing' })).toBe(
      'ARM 400 Weird: odd\nthing',
    );
  });

  it('uses an explicit hint over the table', () => {
    expect(formatServiceError({ service: 'ARM', code: 'AuthorizationFailed', message: 'm', hint: 'do X' })).toBe(
      'ARM AuthorizationFailed: m\nHint: do X',
    );
  });
});

describe('error classes', () => {
  it('ConfigError lists every problem', () => {
    const err = new ConfigError(['tenant-id: required', 'cloud: "x" is not accepted']);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('ConfigError');
    expect(err.problems).toHaveLength(2);
    expect(err.message).toBe('Invalid inputs (2):\n  - tenant-id: required\n  - cloud: "x" is not accepted');
    expect(new ConfigError(['a: b']).message).toBe('Invalid input (1):\n  - a: b');
  });

  it('AzureError carries the fields and a formatted message with the hint', () => {
    const err = new AzureError({
      service: 'ARM',
      status: 404,
      code: 'ResourceGroupNotFound',
      message: "Resource group 'rg' could not be found.",
      requestId: 'abc',
    });
    expect(err.name).toBe('AzureError');
    expect(err.status).toBe(404);
    expect(err.code).toBe('ResourceGroupNotFound');
    expect(err.serviceMessage).toBe("Resource group 'rg' could not be found.");
    expect(err.hint).toBe(hintFor('ResourceGroupNotFound'));
    expect(err.requestId).toBe('abc');
    expect(err.message).toContain("ARM 404 ResourceGroupNotFound: Resource group 'rg' could not be found.\nHint: ");
  });

  it('AuthError adds the hint of its code', () => {
    const err = new AuthError('Entra refused the GitHub token', { code: 'AADSTS700213' });
    expect(err.name).toBe('AuthError');
    expect(err.hint).toBe(hintFor('AADSTS700213'));
    expect(err.message.startsWith('Entra refused the GitHub token\nHint: ')).toBe(true);
    expect(new AuthError('plain').message).toBe('plain');
  });
});

describe('importFailureHint (Automation sets no error code on a failed import)', () => {
  const real = (inner: string) =>
    `Orchestrator.Shared.AsyncModuleImport.ModuleImportException: While importing the module, an error occurred while processing the module content. Internal error message: ${inner}. at Orchestrator.Activities.SetModuleVersion.ExecuteInternal(...)`;
  it.each([
    // pnp/powershell issue 2993
    [
      real(
        "Could not load file or assembly 'System.Management.Automation, Version=7.2.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35' or one of its dependencies. The system cannot find the file specified.",
      ),
      /targets another PowerShell than this runtime.*`runtime-versions`/,
    ],
    // Azure/azure-rest-api-specs issue 10808
    [
      "Orchestrator.Shared.AsyncModuleImport.ModuleImportException: An error occurred during module validation. Internal error message: The specified module 'Az.Accounts' with version '1.7.2' was not loaded because no valid module file was found in any module directory.",
      /depends on is missing.*RequiredModules/,
    ],
    // microsoft/AzureAutomation-Account-Modules-Update issue 16
    [
      'Orchestrator.Shared.AsyncModuleImport.ModuleImportException: Cannot import the module of name X, as the module structure was invalid.',
      /could not load the package as a module/,
    ],
    [
      real(
        "The module content could not be downloaded from 'u': The remote server returned an error: (404) Not Found.",
      ),
      /published on the PowerShell Gallery/,
    ],
    [real('Exception has been thrown by the target of an invocation.'), /supports the runtime.*dependencies/],
    [null, /supports the runtime/],
  ])('%s', (message, hint) => {
    expect(importFailureHint(message)).toMatch(hint);
  });
});
