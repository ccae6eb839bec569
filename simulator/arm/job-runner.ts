// A very small PowerShell "runner" for runbook jobs and VM run commands. Pure: it reads a script
// and a description of the identity's grants and returns the streams a real run would write.
// It understands just what the action's runbooks and smoke test use: simple `$x = 'v'`
// assignments, Connect-ExchangeOnline, Get-AcceptedDomain, Write-Output, Import-Module, and
// Connect-MgGraph -Identity with a few Graph cmdlets (job-graph.ts).
// Anything else is ignored, unless a host hook (the VM runner) handles it.
import {
  connectGraph,
  couldNotAutoImport,
  GRAPH_AUTH_MODULE,
  GRAPH_CMDLETS,
  hasModule,
  runGraphCmdlet,
  type GraphJobContext,
  type GraphOutcome,
  type GraphSession,
} from './job-graph.js';

export const EXCHANGE_MANAGE_AS_APP = 'dc50a0fb-09a3-484d-be87-e023b12c6440';

/** Entra roles Exchange Online accepts for app-only (managed identity) access, by template id (simulator/entra/builtin-roles.ts). */
export const EXO_SUPPORTED_ROLES: Record<string, string> = {
  '29232cdf-9323-42fd-ade2-1d097af3e4de': 'Exchange Administrator',
  '62e90394-69f5-4237-9190-012177145e10': 'Global Administrator',
  'f2ef992c-3afb-46b9-b7cf-a126ee74c451': 'Global Reader',
  '17315797-102d-40b4-93e0-432062caca18': 'Compliance Administrator',
  '194ae4cb-b126-40b2-bd5b-6091b380977d': 'Security Administrator',
  '5d6b6bb7-de71-4623-b4af-96380a352509': 'Security Reader',
  '729827e3-9c14-49f7-bb1b-9608f156bbb8': 'Helpdesk Administrator',
  '31392ffb-586c-42d1-9346-e59415a2cc4e': 'Exchange Recipient Administrator',
};

export interface ExoIdentity {
  clientId: string;
  principalId: string;
}

export interface ExoContext {
  /** the tenant's *.onmicrosoft.com organization */
  organization: string;
  domains: string[];
  /** the resource's system-assigned identity, when enabled */
  systemIdentity?: ExoIdentity;
  /** user-assigned identities attached to the resource */
  userAssigned: ExoIdentity[];
  /** ExchangeOnlineManagement can be loaded (imported in the runtime, or installed on the VM) */
  exoModule: boolean;
  /** by service principal object id: what Entra holds for it */
  grants: Record<string, { manageAsApp: boolean; roleTemplateIds: string[] }>;
  /** the runtime's PowerShell version ('5.1', '7.2', '7.4'); absent: Windows PowerShell 5.1 */
  psVersion?: string;
  /** Graph SDK modules and permissions; absent: no Graph module is loaded */
  graph?: GraphJobContext;
}

export type StreamType = 'Output' | 'Error' | 'Warning' | 'Verbose';

export interface StreamRecord {
  type: StreamType;
  text: string;
}

export interface RunResult {
  failed: boolean;
  /** the terminating error's message (job `exception`) */
  exception?: string;
  streams: StreamRecord[];
}

export interface Command {
  name: string;
  /** raw argument tokens (quotes removed, variables expanded) */
  args: string[];
  /** the text after the first pipe, if any (e.g. "Format-Table Name") */
  pipeline: string[];
}

/** A host can handle more commands: return true when it did. Throw a TerminatingError to stop. */
export type CommandHook = (cmd: Command, out: (type: StreamType, text: string) => void) => boolean;

export class TerminatingError extends Error {}

/**
 * PowerShell's CommandNotFoundException text. PowerShell 7 words it "as a name of ... executable
 * program." and breaks the line (PowerShell/PowerShell src/System.Management.Automation/resources/
 * DiscoveryExceptions.resx, commit f915ade5c54391bcf5d79f4d78b3ebdd1264d51f); Windows PowerShell 5.1
 * says "as the name of ... operable program." on one line.
 */
export function notRecognized(name: string, psVersion?: string): string {
  const rest =
    'Check the spelling of the name, or if a path was included, verify that the path is correct and try again.';
  if (/^7/.test(psVersion ?? ''))
    return `The term '${name}' is not recognized as a name of a cmdlet, function, script file, or executable program.\n${rest}`;
  return `The term '${name}' is not recognized as the name of a cmdlet, function, script file, or operable program. ${rest}`;
}

// Observed Exchange Online texts (sources next to each):
/** Missing Exchange.ManageAsApp (MicrosoftDocs/office-docs-powershell#11008; One Identity KB 4381137). */
export const EXO_UNAUTHORIZED = 'UnAuthorized';
/** App role present, no supported directory role (MicrosoftDocs/office-docs-powershell#11332, Microsoft365DSC#4530). */
export function exoRoleNotSupported(appId: string): string {
  return `The role assigned to application ${appId} isn't supported in this scenario. Please check online documentation for assigning correct Directory Roles to Azure AD Application for EXO App-Only Authentication.`;
}
/**
 * The managed identity endpoint refuses a client id that is not attached (or no system identity):
 * EXO's "Failed to acquire managed identity token:" prefix (office-docs-powershell#11440) around
 * the identity endpoint's body (Azure/azure-sdk-for-net#37278).
 */
export const EXO_IDENTITY_NOT_FOUND =
  'Failed to acquire managed identity token: {"error":"invalid_request","error_description":"Identity not found"}';

/** Decides a `Connect-ExchangeOnline` call. Returns the identity used, or the error text. */
export function connectExchange(
  args: string[],
  ctx: ExoContext,
): { ok: true; identity: ExoIdentity } | { ok: false; message: string } {
  if (!ctx.exoModule) return { ok: false, message: notRecognized('Connect-ExchangeOnline', ctx.psVersion) };
  const p = parseParams(args);
  if (!('managedidentity' in p)) {
    // Simulator wording: without -ManagedIdentity the cmdlet falls back to interactive sign-in, which a job cannot do.
    return {
      ok: false,
      message:
        'Connect-ExchangeOnline without -ManagedIdentity needs an interactive sign-in, which is not possible here.',
    };
  }
  const org = p.organization;
  if (!org) return { ok: false, message: 'The -ManagedIdentity switch must be used with the -Organization parameter.' };
  const accountId = p.managedidentityaccountid;
  let identity: ExoIdentity | undefined;
  if (accountId) identity = ctx.userAssigned.find((i) => i.clientId.toLowerCase() === accountId.toLowerCase());
  else identity = ctx.systemIdentity;
  if (!identity) return { ok: false, message: EXO_IDENTITY_NOT_FOUND };
  if (org.toLowerCase() !== ctx.organization.toLowerCase()) return { ok: false, message: EXO_UNAUTHORIZED };
  const grant = ctx.grants[identity.principalId];
  if (!grant?.manageAsApp) return { ok: false, message: EXO_UNAUTHORIZED };
  if (!grant.roleTemplateIds.some((r) => r in EXO_SUPPORTED_ROLES))
    return { ok: false, message: exoRoleNotSupported(identity.clientId) };
  return { ok: true, identity };
}

/** `-Name value -Switch` -> { name: 'value', switch: '' } (lower-case keys). */
export function parseParams(args: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('-')) continue;
    const [flag, inline] = a.slice(1).split(':', 2);
    const next = args[i + 1];
    if (inline !== undefined) out[flag.toLowerCase()] = inline.replace(/^\$true$/i, '');
    else if (next !== undefined && !next.startsWith('-')) {
      out[flag.toLowerCase()] = next;
      i++;
    } else out[flag.toLowerCase()] = '';
  }
  return out;
}

/** Splits a script into statements: comments removed, backtick continuations joined, `;` split. */
export function statements(script: string): string[] {
  const noBlocks = script.replace(/<#[\s\S]*?#>/g, '');
  const joined = noBlocks.replace(/`\r?\n/g, ' ');
  const out: string[] = [];
  for (const raw of joined.split(/\r?\n/)) {
    for (const part of splitOutsideQuotes(stripComment(raw), ';')) {
      const s = part.trim();
      if (s) out.push(s);
    }
  }
  return out;
}

function stripComment(line: string): string {
  let q: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) {
      if (c === q) q = undefined;
    } else if (c === '"' || c === "'") q = c;
    else if (c === '#') return line.slice(0, i);
  }
  return line;
}

function splitOutsideQuotes(s: string, sep: string): string[] {
  const out: string[] = [];
  let q: string | undefined;
  let cur = '';
  for (const c of s) {
    if (q) {
      if (c === q) q = undefined;
      cur += c;
    } else if (c === '"' || c === "'") {
      q = c;
      cur += c;
    } else if (c === sep) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** Tokens of one pipeline element, quotes removed and `$vars` expanded. */
export function tokenize(s: string, vars: Record<string, string>): string[] {
  const out: string[] = [];
  const re = /'((?:[^']|'')*)'|"((?:[^"`]|`.)*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    if (m[1] !== undefined) out.push(m[1].replace(/''/g, "'"));
    else if (m[2] !== undefined) out.push(expand(m[2], vars));
    else out.push(expand(m[3], vars));
  }
  return out;
}

function expand(s: string, vars: Record<string, string>): string {
  return s.replace(/\$(?:\{([A-Za-z_][\w:]*)\}|([A-Za-z_][\w]*))/g, (all, a, b) => {
    const k = String(a ?? b).toLowerCase();
    return k in vars ? vars[k] : all;
  });
}

/** Renders objects as PowerShell's Format-Table does (columns padded, dashes under headers). */
export function formatTable(columns: string[], rows: Record<string, string>[]): string {
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join(' ')
      .trimEnd();
  return [
    '',
    line(columns),
    line(columns.map((c) => '-'.repeat(c.length))),
    ...rows.map((r) => line(columns.map((c) => r[c] ?? ''))),
    '',
  ].join('\n');
}

/** Columns chosen by `| Format-Table A,B` or `| Select-Object A,B`, else the defaults. */
export function selectedColumns(pipeline: string[], defaults: string[]): string[] {
  for (const stage of pipeline) {
    const m = /^(?:Format-Table|ft|Select-Object|select)\s+(?:-Property\s+)?(.+)$/i.exec(stage.trim());
    if (m) {
      const cols = m[1]
        .split(',')
        .map((c) => c.trim().replace(/^['"]|['"]$/g, ''))
        .filter((c) => c && !c.startsWith('-'));
      const known = cols.map((c) => defaults.find((d) => d.toLowerCase() === c.toLowerCase()) ?? c);
      if (known.length) return known;
    }
  }
  return defaults;
}

export function acceptedDomainsTable(domains: string[], pipeline: string[]): string {
  const cols = selectedColumns(pipeline, ['Name', 'DomainName', 'DomainType', 'Default']);
  const rows = domains.map((d, i) => ({
    Name: d,
    DomainName: d,
    DomainType: 'Authoritative',
    Default: i === 0 ? 'True' : 'False',
  }));
  return formatTable(cols, rows);
}

/** Runs `script` in `ctx`. The first terminating error stops the run (the job fails). */
export function runScript(script: string, ctx: ExoContext, hook?: CommandHook): RunResult {
  const streams: StreamRecord[] = [];
  const out = (type: StreamType, text: string) => streams.push({ type, text });
  const vars: Record<string, string> = { organization: ctx.organization };
  let connected = false;
  const graph: GraphSession = {};
  try {
    for (const st of statements(script)) {
      const assign = /^\$([A-Za-z_]\w*)\s*=\s*(.+)$/.exec(st);
      if (assign) {
        const value = tokenize(assign[2], vars);
        if (value.length === 1) vars[assign[1].toLowerCase()] = value[0];
        continue;
      }
      const stages = splitOutsideQuotes(st, '|').map((s) => s.trim());
      const tokens = tokenize(stages[0], vars);
      if (!tokens.length) continue;
      const cmd: Command = { name: tokens[0], args: tokens.slice(1), pipeline: stages.slice(1) };
      const name = cmd.name.toLowerCase();
      if (hook?.(cmd, out)) continue;
      if (graphCommand(cmd, ctx, graph, /^stop$/i.test(vars.erroractionpreference ?? ''), out)) continue;
      if (name === 'connect-exchangeonline') {
        const r = connectExchange(cmd.args, ctx);
        if (!r.ok) throw new TerminatingError(r.message);
        connected = true;
      } else if (name === 'get-accepteddomain') {
        if (!connected) throw new TerminatingError(notRecognized(cmd.name, ctx.psVersion));
        out('Output', acceptedDomainsTable(ctx.domains, cmd.pipeline));
      } else if (name === 'write-output' || name === 'echo') {
        out('Output', cmd.args.filter((a) => !a.startsWith('-')).join(' '));
      } else if (name === 'write-error') {
        out('Error', cmd.args.filter((a) => !a.startsWith('-')).join(' '));
      } else if (name === 'write-warning') {
        out('Warning', cmd.args.filter((a) => !a.startsWith('-')).join(' '));
      } else if (name === 'throw') {
        throw new TerminatingError(cmd.args.join(' ') || 'ScriptHalted');
      } else if (name === 'import-module') {
        const p = parseParams(cmd.args);
        const mod = p.name ?? cmd.args.find((a) => !a.startsWith('-')) ?? '';
        if (mod.toLowerCase() === 'exchangeonlinemanagement' && !ctx.exoModule) {
          out(
            'Error',
            `The specified module '${mod}' was not loaded because no valid module file was found in any module directory.`,
          );
        }
      } else if (name === 'disconnect-exchangeonline') {
        connected = false;
      }
      // everything else: no effect
    }
  } catch (e) {
    if (!(e instanceof TerminatingError)) throw e;
    out('Error', e.message);
    return { failed: true, exception: e.message, streams };
  }
  return { failed: false, streams };
}

const GRAPH_SESSION_CMDLETS = ['connect-mggraph', 'connect-graph', 'disconnect-mggraph', 'disconnect-graph'];

/** Decides one Graph command; an error is non-terminating unless ErrorAction is Stop. */
function graphOutcome(
  cmd: Command,
  ctx: ExoContext,
  session: GraphSession,
  flags: Record<string, string>,
): GraphOutcome {
  const name = cmd.name.toLowerCase();
  const graph = ctx.graph ?? { modules: [], permissions: {}, now: 0 };
  const spec = GRAPH_CMDLETS[name];
  const module = spec?.module ?? GRAPH_AUTH_MODULE;
  if (!hasModule(graph, module)) return { ok: false, message: notRecognized(cmd.name, ctx.psVersion) };
  if (spec && !hasModule(graph, GRAPH_AUTH_MODULE)) return { ok: false, message: couldNotAutoImport(cmd.name, module) };
  if (spec) return runGraphCmdlet(cmd.name, graph, session);
  if (name.startsWith('disconnect')) {
    session.identity = undefined;
    return { ok: true };
  }
  return connectGraph(ctx, session, flags);
}

/** Runs a Graph command (true) or leaves the command to others (false). */
function graphCommand(
  cmd: Command,
  ctx: ExoContext,
  session: GraphSession,
  stopPreference: boolean,
  out: (type: StreamType, text: string) => void,
): boolean {
  const name = cmd.name.toLowerCase();
  if (!(name in GRAPH_CMDLETS) && !GRAPH_SESSION_CMDLETS.includes(name)) return false;
  const flags = parseParams(cmd.args);
  const r = graphOutcome(cmd, ctx, session, flags);
  if (r.ok) {
    if (r.text) out('Output', r.text);
    return true;
  }
  const action = flags.erroraction ?? flags.ea;
  if (action !== undefined ? /^stop$/i.test(action) : stopPreference) throw new TerminatingError(r.message);
  if (!/^(?:silentlycontinue|ignore)$/i.test(action ?? '')) out('Error', r.message);
  return true;
}

/** The name of the first command of a script (the header check the action does). */
export function firstCommand(script: string): string | undefined {
  for (const st of statements(script)) {
    if (/^\$\w+\s*=/.test(st) || /^(param\s*\(|\[)/i.test(st)) continue;
    return st.split(/\s+/)[0];
  }
  return undefined;
}

export type JobStatus = 'New' | 'Activating' | 'Running' | 'Completed' | 'Failed';

/** Job status over time: New, Activating, Running, then the outcome once `jobMs` has passed. */
export function jobStatusAt(
  elapsedMs: number,
  jobMs: number,
  failed: boolean,
): { status: JobStatus; started: boolean; ended: boolean } {
  if (elapsedMs >= jobMs) return { status: failed ? 'Failed' : 'Completed', started: true, ended: true };
  if (elapsedMs >= jobMs * 0.35) return { status: 'Running', started: true, ended: false };
  if (elapsedMs >= jobMs * 0.15) return { status: 'Activating', started: false, ended: false };
  return { status: 'New', started: false, ended: false };
}
