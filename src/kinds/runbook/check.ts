// Runbook checks (the `header-check` input): the first command must be the right
// `Connect-ExchangeOnline -ManagedIdentity ...` line for the identity, and the script must not use
// the Microsoft 365 Group cmdlets that managed identities cannot run. Pure: text in, findings out.
// Findings carry file/line/column so they map onto GitHub annotations directly.

import { grantsPermission } from '../../graph-permissions/connect.js';
import type { ExchangeEnvironment, HeaderCheck, IdentityType } from '../../types.js';
import { bareCommandName, parseCommands, type ArgValue, type Command, type CommandParameter } from './commands.js';

export type Severity = 'error' | 'warning';

export type FindingCode =
  | 'syntax-error'
  | 'syntax-warning'
  | 'missing-connect'
  | 'connect-not-first'
  | 'missing-managed-identity'
  | 'managed-identity-disabled'
  | 'missing-organization'
  | 'organization-mismatch'
  | 'organization-unverified'
  | 'missing-exchange-environment'
  | 'exchange-environment-mismatch'
  | 'exchange-environment-unverified'
  | 'missing-account-id'
  | 'account-id-is-principal-id'
  | 'account-id-mismatch'
  | 'account-id-invalid'
  | 'account-id-unverified'
  | 'account-id-with-system-assigned'
  | 'splat-unresolved'
  | 'ambiguous-parameter'
  | 'unknown-parameter'
  | 'duplicate-parameter'
  | 'positional-argument'
  | 'conflicting-authentication'
  | 'unsupported-cmdlet';

export interface Finding {
  /** repository-relative path, as given in `fileName` */
  file: string;
  line: number;
  column?: number;
  severity: Severity;
  code: FindingCode;
  message: string;
}

export interface CheckOptions {
  organization: string;
  identityType: IdentityType;
  /** the identity's client (application) id; unknown before a planned identity exists */
  clientId?: string;
  /** the object id of the identity's service principal */
  principalId?: string;
  /** the -ExchangeEnvironmentName the runbook must name (O365Default: none needed) */
  exchangeEnvironment?: ExchangeEnvironment;
  /** input graph-permissions: a permission named there is not suggested as a grant */
  graphPermissions?: readonly string[];
  /** repository-relative path of the runbook, used in findings */
  fileName: string;
}

/**
 * The exact line to put at the top of every runbook. Outside Microsoft 365 commercial/GCC it names
 * the environment (-ExchangeEnvironmentName O365USGovGCCHigh, O365USGovDoD or O365China).
 */
export function connectLine(
  organization: string,
  identity: { type: IdentityType; clientId?: string },
  environment: ExchangeEnvironment = 'O365Default',
): string {
  const env = environment === 'O365Default' ? '' : ` -ExchangeEnvironmentName ${environment}`;
  const base = `Connect-ExchangeOnline -ManagedIdentity -Organization ${organization}${env}`;
  if (identity.type === 'system-assigned') return base;
  return `${base} -ManagedIdentityAccountId ${identity.clientId ?? '<client id of the user-assigned identity>'}`;
}

/** Applies the `header-check` input: `warn` downgrades errors, `off` drops every finding. */
export function applyHeaderCheck(findings: Finding[], mode: HeaderCheck): Finding[] {
  if (mode === 'off') return [];
  if (mode === 'warn') return findings.map((f) => ({ ...f, severity: 'warning' as const }));
  return findings;
}

/** A finding as the arguments of `core.error` / `core.warning` (AnnotationProperties). */
export function toAnnotation(finding: Finding): {
  message: string;
  properties: { title: string; file: string; startLine: number; startColumn?: number };
} {
  const properties: { title: string; file: string; startLine: number; startColumn?: number } = {
    title: `exo-automation: ${finding.code}`,
    file: finding.file,
    startLine: finding.line,
  };
  if (finding.column !== undefined) properties.startColumn = finding.column;
  return { message: finding.message, properties };
}

// Connect-ExchangeOnline's parameters (ExchangeOnlineManagement 3.x reference page), used to expand
// the unambiguous prefixes PowerShell accepts (`-Org` = `-Organization`).
const CONNECT_PARAMETERS = [
  'ConnectionUri',
  'AzureADAuthorizationEndpointUri',
  'ExchangeEnvironmentName',
  'PSSessionOption',
  'DelegatedOrganization',
  'Prefix',
  'CommandName',
  'FormatTypeName',
  'AccessToken',
  'AppId',
  'BypassMailboxAnchoring',
  'Certificate',
  'CertificateFilePath',
  'CertificatePassword',
  'CertificateThumbprint',
  'Credential',
  'Device',
  'DisableWAM',
  'EnableErrorReporting',
  'EXOModuleBasePath',
  'InlineCredential',
  'LoadCmdletHelp',
  'LogDirectoryPath',
  'LogLevel',
  'ManagedIdentity',
  'ManagedIdentityAccountId',
  'Organization',
  'PageSize',
  'ShowBanner',
  'ShowProgress',
  'SigningCertificate',
  'SkipLoadingCmdletHelp',
  'SkipLoadingFormatData',
  'TrackPerformance',
  'UseMultithreading',
  'UserPrincipalName',
  'UseRPSSession',
  // common parameters
  'Verbose',
  'Debug',
  'ErrorAction',
  'WarningAction',
  'InformationAction',
  'ProgressAction',
  'ErrorVariable',
  'WarningVariable',
  'InformationVariable',
  'OutVariable',
  'OutBuffer',
  'PipelineVariable',
];
const COMMON_ALIASES: Record<string, string> = {
  vb: 'Verbose',
  db: 'Debug',
  ea: 'ErrorAction',
  wa: 'WarningAction',
  infa: 'InformationAction',
  proga: 'ProgressAction',
  ev: 'ErrorVariable',
  wv: 'WarningVariable',
  iv: 'InformationVariable',
  ov: 'OutVariable',
  ob: 'OutBuffer',
  pv: 'PipelineVariable',
};
const CONNECT_SWITCHES = new Set(
  [
    'BypassMailboxAnchoring',
    'Device',
    'DisableWAM',
    'EnableErrorReporting',
    'EXOModuleBasePath',
    'InlineCredential',
    'LoadCmdletHelp',
    'ManagedIdentity',
    'ShowBanner',
    'SkipLoadingCmdletHelp',
    'SkipLoadingFormatData',
    'UseRPSSession',
    'Verbose',
    'Debug',
  ].map((p) => p.toLowerCase()),
);
// Positional parameters, by position, for a value written without a parameter name.
const CONNECT_POSITIONS = [
  'ConnectionUri',
  'AzureADAuthorizationEndpointUri',
  'ExchangeEnvironmentName',
  'PSSessionOption',
  'DelegatedOrganization',
  'Prefix',
  'CommandName',
  'FormatTypeName',
];
// Other ways of signing in; with -ManagedIdentity they make no sense.
const OTHER_AUTHENTICATION = [
  'AccessToken',
  'AppId',
  'Certificate',
  'CertificateFilePath',
  'CertificateThumbprint',
  'Credential',
  'Device',
  'InlineCredential',
  'UserPrincipalName',
];

type Resolution = { name: string } | { ambiguous: string[] } | { unknown: true };

/** Expands a parameter name as PowerShell does: exact name or alias first, then a unique prefix. */
export function resolveConnectParameter(written: string): Resolution {
  const lower = written.toLowerCase();
  const exact = CONNECT_PARAMETERS.find((p) => p.toLowerCase() === lower) ?? COMMON_ALIASES[lower];
  if (exact !== undefined) return { name: exact };
  const matches = CONNECT_PARAMETERS.filter((p) => p.toLowerCase().startsWith(lower));
  if (matches.length === 1) return { name: matches[0] };
  if (matches.length > 1) return { ambiguous: matches };
  return { unknown: true };
}

function isConnectSwitch(command: string, parameter: string): boolean {
  if (bareCommandName(command).toLowerCase() !== 'connect-exchangeonline') return false;
  const resolved = resolveConnectParameter(parameter);
  return 'name' in resolved && CONNECT_SWITCHES.has(resolved.name.toLowerCase());
}

// The Microsoft 365 Group cmdlets that cannot be used with managed identities (and app-only
// authentication): "Use Azure managed identities to connect to Exchange Online PowerShell" and
// "App-only authentication ..." (learn.microsoft.com, both list the same four today).
interface Unsupported {
  name: string;
  alternative: (linkType: string | undefined) => string;
}
const GRAPH_NOTE =
  'The identity then needs the Microsoft Graph application permission Group.ReadWrite.All, and the runbook Connect-MgGraph -Identity.';
// graph-permissions grants it already: only the connection is left to suggest
const GRAPH_NOTE_GRANTED =
  'The identity has the Microsoft Graph application permission Group.ReadWrite.All (graph-permissions); the runbook then needs Connect-MgGraph -Identity.';
const UNSUPPORTED: Unsupported[] = [
  {
    name: 'New-UnifiedGroup',
    alternative: () =>
      'Create the group with Microsoft Graph instead: New-MgGroup -DisplayName <name> -MailNickname <alias> -MailEnabled -SecurityEnabled:$false -GroupTypes \'Unified\' (POST /groups with groupTypes ["Unified"]).',
  },
  {
    name: 'Remove-UnifiedGroup',
    alternative: () =>
      'Delete the group with Microsoft Graph instead: Remove-MgGroup -GroupId <id> (DELETE /groups/{id}).',
  },
  {
    name: 'Add-UnifiedGroupLinks',
    alternative: (linkType) => {
      const members =
        'add members with New-MgGroupMember -GroupId <id> -DirectoryObjectId <user id> (POST /groups/{id}/members/$ref)';
      const owners =
        'add owners with New-MgGroupOwnerByRef -GroupId <id> -OdataId https://graph.microsoft.com/v1.0/directoryObjects/<user id> (POST /groups/{id}/owners/$ref)';
      if (linkType === 'members') return `Use Microsoft Graph instead: ${members}.`;
      if (linkType === 'owners') return `Use Microsoft Graph instead: ${owners}.`;
      return `Use Microsoft Graph instead: ${members}; ${owners}.`;
    },
  },
  {
    name: 'Remove-UnifiedGroupLinks',
    alternative: (linkType) => {
      const members =
        'remove members with Remove-MgGroupMemberDirectoryObjectByRef -GroupId <id> -DirectoryObjectId <user id> (DELETE /groups/{id}/members/{user id}/$ref)';
      const owners =
        'remove owners with Remove-MgGroupOwnerDirectoryObjectByRef -GroupId <id> -DirectoryObjectId <user id> (DELETE /groups/{id}/owners/{user id}/$ref)';
      if (linkType === 'members') return `Use Microsoft Graph instead: ${members}.`;
      if (linkType === 'owners') return `Use Microsoft Graph instead: ${owners}.`;
      return `Use Microsoft Graph instead: ${members}; ${owners}.`;
    },
  },
];
export const UNSUPPORTED_CMDLETS: readonly string[] = UNSUPPORTED.map((u) => u.name);

const GUID = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/iu;
const normalizeGuid = (value: string): string =>
  value
    .trim()
    .replace(/^\{|\}$/gu, '')
    .toLowerCase();

/** Checks one runbook's text; returns findings sorted by line. */
export function checkRunbook(text: string, options: CheckOptions): Finding[] {
  const findings: Finding[] = [];
  const add = (line: number, column: number | undefined, severity: Severity, code: FindingCode, message: string) =>
    findings.push({ file: options.fileName, line, column, severity, code, message });
  const parsed = parseCommands(text, { isSwitch: isConnectSwitch });
  for (const e of parsed.tokens.errors) add(e.line, e.column, 'error', 'syntax-error', e.message);
  for (const w of parsed.tokens.warnings) add(w.line, w.column, 'warning', 'syntax-warning', w.message);

  const expected = connectLine(
    options.organization,
    { type: options.identityType, clientId: options.clientId },
    options.exchangeEnvironment,
  );
  const isConnect = (c: Command) =>
    c.nameKind !== 'dynamic' && bareCommandName(c.name).toLowerCase() === 'connect-exchangeonline';
  const runs = parsed.commands.filter((c) => !c.inFunction && !c.inParamBlock);
  const connects = parsed.commands.filter(isConnect);
  const first = runs[0];
  if (first === undefined || (connects.length === 0 && !isConnect(first))) {
    const where = first === undefined ? 'The runbook runs no command' : `The first command is ${first.name}`;
    add(
      first?.line ?? 1,
      first?.column,
      'error',
      'missing-connect',
      `${where} and never connects to Exchange Online. Make this the first command: ${expected}`,
    );
  } else if (!isConnect(first)) {
    const later = connects.find((c) => !c.inFunction);
    add(
      first.line,
      first.column,
      'error',
      'connect-not-first',
      `The first command must be Connect-ExchangeOnline, but it is ${first.name}` +
        (later !== undefined ? ` (Connect-ExchangeOnline comes later, on line ${later.line})` : '') +
        `. Start the runbook with: ${expected}`,
    );
  }
  for (const command of connects) checkConnect(command, options, expected, add);

  let prefixes = [''];
  for (const command of connects) {
    const prefix = command.parameters.find((p) => resolvesTo(p.name, 'Prefix'));
    if (prefix?.value !== undefined && isLiteralArg(prefix.value)) prefixes.push(literalOf(prefix.value) as string);
  }
  prefixes = [...new Set(prefixes.map((p) => p.toLowerCase()))];
  for (const command of parsed.commands) {
    if (command.nameKind === 'dynamic') continue;
    const name = bareCommandName(command.name).toLowerCase();
    for (const rule of UNSUPPORTED) {
      const [verb, noun] = rule.name.toLowerCase().split('-');
      if (!prefixes.some((prefix) => name === `${verb}-${prefix}${noun}`)) continue;
      const linkType = command.parameters.find((p) => p.name.toLowerCase().startsWith('linkt'));
      const linkValue = linkType?.value !== undefined ? literalOf(linkType.value)?.toLowerCase() : undefined;
      add(
        command.line,
        command.column,
        'error',
        'unsupported-cmdlet',
        `${rule.name} can't be used when Exchange Online is connected with a managed identity ` +
          `(Microsoft lists it among the Microsoft 365 Group cmdlets that managed identities can't run). ` +
          `${rule.alternative(linkValue)} ${grantsPermission(options.graphPermissions, 'Group.ReadWrite.All') ? GRAPH_NOTE_GRANTED : GRAPH_NOTE}`,
      );
    }
  }
  return findings.sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
}

type Add = (line: number, column: number | undefined, severity: Severity, code: FindingCode, message: string) => void;

function resolvesTo(written: string, full: string): boolean {
  const r = resolveConnectParameter(written);
  return 'name' in r && r.name === full;
}

function isLiteralArg(value: ArgValue): boolean {
  return literalOf(value) !== undefined;
}

/** The literal text a value stands for, when it is known without running the script. */
function literalOf(value: ArgValue): string | undefined {
  switch (value.kind) {
    case 'string':
    case 'word':
    case 'number':
      return value.value;
    case 'variable':
      return value.resolved;
    default:
      return undefined;
  }
}

const describe = (value: ArgValue): string =>
  value.kind === 'variable' ? `$${value.value}` : value.text.length > 60 ? `${value.text.slice(0, 57)}...` : value.text;

/** What the checks of one Connect-ExchangeOnline line share. */
interface ConnectCheck {
  command: Command;
  options: CheckOptions;
  expected: string;
  add: Add;
  byName: Map<string, CommandParameter>;
  /** a splat that could not be resolved may hold any parameter: "missing" is not said then */
  mayBeInSplat: boolean;
}

const at = (p: { line: number; column: number }) => [p.line, p.column] as const;

function checkConnect(command: Command, options: CheckOptions, expected: string, add: Add): void {
  const unresolved = command.splats.filter((s) => !s.resolved);
  const c: ConnectCheck = {
    command,
    options,
    expected,
    add,
    byName: connectParameters(command, add),
    mayBeInSplat: unresolved.length > 0,
  };
  for (const splat of unresolved) {
    add(
      splat.line,
      splat.column,
      'warning',
      'splat-unresolved',
      `The parameters splatted from @${splat.variable} can't be checked (${splat.reason ?? 'not resolved'}). ` +
        `Prefer the literal line: ${expected}`,
    );
  }
  command.positional.forEach((value, index) => {
    const target = CONNECT_POSITIONS[index];
    add(
      value.line,
      value.column,
      'error',
      'positional-argument',
      `${describe(value)} has no parameter name, so Connect-ExchangeOnline takes it as ` +
        `${target !== undefined ? `-${target}` : 'an extra argument'}. Name the parameter, as in: ${expected}`,
    );
  });
  checkManagedIdentity(c);
  checkOrganization(c);
  checkEnvironment(c.byName.get('ExchangeEnvironmentName'), command, c.mayBeInSplat, options, expected, add);
  checkAccountParameter(c);
}

/** The named parameters by their full name; ambiguous, unknown and repeated ones reported. */
function connectParameters(command: Command, add: Add): Map<string, CommandParameter> {
  const byName = new Map<string, CommandParameter>();
  for (const parameter of command.parameters) {
    const resolved = resolveConnectParameter(parameter.name);
    if ('ambiguous' in resolved) {
      add(
        ...at(parameter),
        'error',
        'ambiguous-parameter',
        `-${parameter.name} is ambiguous for Connect-ExchangeOnline: it could be ${resolved.ambiguous.map((n) => `-${n}`).join(', ')}. Write the full name.`,
      );
      continue;
    }
    if ('unknown' in resolved) {
      add(
        ...at(parameter),
        'warning',
        'unknown-parameter',
        `Connect-ExchangeOnline has no parameter -${parameter.name}.`,
      );
      continue;
    }
    if (byName.has(resolved.name)) {
      add(
        ...at(parameter),
        'error',
        'duplicate-parameter',
        `-${resolved.name} is given more than once to Connect-ExchangeOnline.`,
      );
    }
    byName.set(resolved.name, parameter);
  }
  return byName;
}

/** -ManagedIdentity present and on; no other way of signing in beside it. */
function checkManagedIdentity({ command, expected, add, byName, mayBeInSplat }: ConnectCheck): void {
  const managed = byName.get('ManagedIdentity');
  if (managed === undefined) {
    if (!mayBeInSplat) {
      add(
        command.line,
        command.column,
        'error',
        'missing-managed-identity',
        `Connect-ExchangeOnline must use -ManagedIdentity in a runbook: ${expected}`,
      );
    }
  } else if (managed.value !== undefined && switchOff(managed.value)) {
    add(
      ...at(managed),
      'error',
      'managed-identity-disabled',
      `-ManagedIdentity is turned off (${describe(managed.value)}); the runbook must connect with its managed identity: ${expected}`,
    );
  }
  for (const other of OTHER_AUTHENTICATION) {
    const parameter = byName.get(other);
    if (parameter === undefined) continue;
    add(
      ...at(parameter),
      'warning',
      'conflicting-authentication',
      `-${other} is another way of signing in and does not belong with -ManagedIdentity; remove it.`,
    );
  }
}

/** -Organization given, and the deployment's organization when it is known before the run. */
function checkOrganization({ command, options, expected, add, byName, mayBeInSplat }: ConnectCheck): void {
  const organization = byName.get('Organization');
  if (organization === undefined || organization.value === undefined) {
    if (!mayBeInSplat || organization !== undefined) {
      const where = organization ?? command;
      add(
        where.line,
        where.column,
        'error',
        'missing-organization',
        `Connect-ExchangeOnline needs -Organization ${options.organization} when it connects with a managed identity: ${expected}`,
      );
    }
    return;
  }
  const literal = literalOf(organization.value);
  if (literal === undefined) {
    add(
      organization.value.line,
      organization.value.column,
      'warning',
      'organization-unverified',
      `-Organization is ${describe(organization.value)}, which can't be checked before the runbook runs; it must be ${options.organization}.`,
    );
  } else if (literal.trim().toLowerCase() !== options.organization.trim().toLowerCase()) {
    add(
      organization.value.line,
      organization.value.column,
      'error',
      'organization-mismatch',
      `-Organization is ${literal}, but this deployment connects to ${options.organization}: ${expected}`,
    );
  }
}

/** -ManagedIdentityAccountId: absent for system-assigned, the identity's client id for user-assigned. */
function checkAccountParameter({ command, options, expected, add, byName, mayBeInSplat }: ConnectCheck): void {
  const account = byName.get('ManagedIdentityAccountId');
  if (options.identityType === 'system-assigned') {
    if (account !== undefined) {
      add(
        ...at(account),
        'error',
        'account-id-with-system-assigned',
        `-ManagedIdentityAccountId selects a user-assigned identity, but this runbook's identity is system-assigned; remove it: ${expected}`,
      );
    }
    return;
  }
  if (account === undefined || account.value === undefined) {
    if (!mayBeInSplat || account !== undefined) {
      const where = account ?? command;
      add(
        where.line,
        where.column,
        'error',
        'missing-account-id',
        `With a user-assigned identity Connect-ExchangeOnline needs -ManagedIdentityAccountId with the identity's client id: ${expected}`,
      );
    }
    return;
  }
  checkAccountId(account.value, options, expected, add);
}

/** -ExchangeEnvironmentName: required outside O365Default, and it must name the deployment's environment. */
function checkEnvironment(
  parameter: CommandParameter | undefined,
  command: Command,
  mayBeInSplat: boolean,
  options: CheckOptions,
  expected: string,
  add: Add,
): void {
  const wanted = options.exchangeEnvironment ?? 'O365Default';
  if (parameter === undefined || parameter.value === undefined) {
    if (wanted === 'O365Default' || (mayBeInSplat && parameter === undefined)) return;
    const where = parameter ?? command;
    add(
      where.line,
      where.column,
      'error',
      'missing-exchange-environment',
      `Connect-ExchangeOnline needs -ExchangeEnvironmentName ${wanted} in this cloud (without it the module ` +
        `connects to Microsoft 365 commercial): ${expected}`,
    );
    return;
  }
  const literal = literalOf(parameter.value);
  if (literal === undefined) {
    add(
      parameter.value.line,
      parameter.value.column,
      'warning',
      'exchange-environment-unverified',
      `-ExchangeEnvironmentName is ${describe(parameter.value)}, which can't be checked before the runbook runs; it must be ${wanted}.`,
    );
  } else if (literal.trim().toLowerCase() !== wanted.toLowerCase()) {
    add(
      parameter.value.line,
      parameter.value.column,
      'error',
      'exchange-environment-mismatch',
      `-ExchangeEnvironmentName is ${literal}, but this deployment connects to ${wanted} (input exchange-environment): ${expected}`,
    );
  }
}

function switchOff(value: ArgValue): boolean {
  if (value.kind === 'variable') return value.value.toLowerCase() === 'false' || value.resolved === '0';
  return value.kind === 'number' && Number(value.value) === 0;
}

function checkAccountId(value: ArgValue, options: CheckOptions, expected: string, add: Add): void {
  const literal = literalOf(value);
  const where = [value.line, value.column] as const;
  const clientId = options.clientId !== undefined ? normalizeGuid(options.clientId) : undefined;
  const principalId = options.principalId !== undefined ? normalizeGuid(options.principalId) : undefined;
  if (literal === undefined) {
    add(
      ...where,
      'warning',
      'account-id-unverified',
      `-ManagedIdentityAccountId is ${describe(value)}, which can't be checked before the runbook runs; ` +
        (clientId !== undefined
          ? `it must hold the identity's client id ${options.clientId}.`
          : "it must hold the identity's client id (appId), not the object id of its service principal."),
    );
    return;
  }
  if (!GUID.test(literal.trim())) {
    add(
      ...where,
      'error',
      'account-id-invalid',
      `-ManagedIdentityAccountId is ${literal}, which is not a GUID; it must be the identity's client id` +
        (clientId !== undefined ? ` ${options.clientId}: ${expected}` : '.'),
    );
    return;
  }
  const given = normalizeGuid(literal);
  if (principalId !== undefined && given === principalId && given !== clientId) {
    add(
      ...where,
      'error',
      'account-id-is-principal-id',
      `-ManagedIdentityAccountId ${literal} is the object id of the identity's service principal; ` +
        `Connect-ExchangeOnline needs its client id ${options.clientId ?? '(appId)'}: ${expected}`,
    );
    return;
  }
  if (clientId === undefined) {
    add(
      ...where,
      'warning',
      'account-id-unverified',
      `-ManagedIdentityAccountId ${literal} can't be verified yet: the identity's client id is not known until it exists. ` +
        'It must be the client id (appId), not the object id of its service principal.',
    );
    return;
  }
  if (given !== clientId) {
    add(
      ...where,
      'error',
      'account-id-mismatch',
      `-ManagedIdentityAccountId ${literal} is not the client id of this runbook's identity (${options.clientId}): ${expected}`,
    );
  }
}
