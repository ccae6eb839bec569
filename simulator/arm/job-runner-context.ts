// What a runbook job's runtime holds beyond Exchange: the PowerShell version (for PowerShell's own
// texts) and, for the Graph SDK, the imported modules and the identities' Graph permissions.
// Built from ARM and directory state, handed to the pure runner (job-runner.ts, job-graph.ts).
import { isVisible } from '../entra/directory.js';
import { GRAPH_APP_ID } from '../ids.js';
import type { ArmResource, Sim } from '../types.js';
import { getResource } from './common.js';
import { moduleAvailable } from './imports.js';
import { GRAPH_AUTH_MODULE, GRAPH_CMDLETS, type GraphJobContext } from './job-graph.js';
import type { ExoContext } from './job-runner.js';

type Where = { runtimeEnvironment?: string; runbookType?: string };

/** The job's PowerShell: the runtime environment's version, else the runbook type's (PowerShell72: 7.2). */
export function jobPsVersion(sim: Sim, account: ArmResource, where: Where): string {
  if (where.runtimeEnvironment) {
    const re = getResource(sim, `${account.id}/runtimeEnvironments/${where.runtimeEnvironment}`);
    const v = re?.properties?.runtime?.version;
    if (typeof v === 'string' && v) return v;
  }
  const m = /^PowerShell(\d)(\d)/i.exec(where.runbookType ?? '');
  return m ? `${m[1]}.${m[2]}` : '5.1';
}

/**
 * The Graph application permissions each identity's token would carry: its app role assignments on
 * the Microsoft Graph service principal that Entra shows (replicated, as the token service reads them).
 */
function graphPermissions(sim: Sim, exo: ExoContext): Record<string, string[]> {
  const g = sim.state.graph;
  const graphSp = g.servicePrincipals.find((sp) => sp.appId === GRAPH_APP_ID);
  const out: Record<string, string[]> = {};
  const ids = [...(exo.systemIdentity ? [exo.systemIdentity] : []), ...exo.userAssigned];
  for (const { principalId } of ids) {
    out[principalId] = graphSp
      ? g.appRoleAssignments
          .filter(
            (a) =>
              a.principalId.toLowerCase() === principalId.toLowerCase() &&
              a.resourceId.toLowerCase() === graphSp.id.toLowerCase() &&
              isVisible(a, sim),
          )
          .map((a) => graphSp.appRoles?.find((r) => r.id.toLowerCase() === a.appRoleId.toLowerCase())?.value)
          .filter((v): v is string => !!v)
      : [];
  }
  return out;
}

/** The psVersion and graph parts of a job's context. */
export function jobRuntimeContext(
  sim: Sim,
  account: ArmResource,
  where: Where,
  exo: ExoContext,
): Pick<ExoContext, 'psVersion' | 'graph'> {
  const names = [GRAPH_AUTH_MODULE, ...new Set(Object.values(GRAPH_CMDLETS).map((c) => c.module))];
  const graph: GraphJobContext = {
    modules: names.filter((n) => moduleAvailable(sim, account, where, n)),
    permissions: graphPermissions(sim, exo),
    now: sim.now(),
  };
  return { psVersion: jobPsVersion(sim, account, where), graph };
}
