// Phase 4: the permission check of the plan. In apply mode a missing permission stops the run
// before any write; in plan mode it becomes a warning.
import type { TokenCredential } from '@azure/core-auth';
import type { ArmReader } from '../../clients/arm.js';
import { AuthError } from '../../errors.js';
import { RESOURCE_GROUP } from '../../kinds/names.js';
import type { ObservedResourceGroups } from '../../kinds/resource-group.js';
import { withPlan } from '../plan.js';
import { preflight, type permissionReader } from '../preflight.js';
import type { Plan } from '../../types.js';
import type { Desired, EngineChange, ResourceKind } from '../types.js';

/** The warnings of the check (empty when it passed). */
export async function preflightPhase(args: {
  mode: 'plan' | 'apply';
  desired: Desired;
  credential: TokenCredential;
  graphScope: string;
  arm: ArmReader;
  observed: Map<string, unknown>;
  changes: EngineChange[];
  /** attached to the refusal, so that the report keeps what was planned and not made */
  plan: Plan;
  roles: string[] | undefined;
  permissions: ReturnType<typeof permissionReader>;
  /** the run's kinds, whose declared permissions are checked */
  kinds: readonly ResourceKind<any, any>[];
}): Promise<string[]> {
  const { changes } = args;
  const check = await preflight({
    desired: args.desired,
    credential: args.credential,
    graphScope: args.graphScope,
    arm: args.arm,
    groups: (args.observed.get(RESOURCE_GROUP) as ObservedResourceGroups) ?? [],
    changes,
    includeWrites: true,
    roles: args.roles,
    permissions: args.permissions,
    kinds: args.kinds,
  });
  if (!check.problems.length || !changes.length) return [];
  const text = check.problems.map((p) => `  - ${p}`).join('\n');
  if (args.mode === 'apply') {
    throw withPlan(
      new AuthError(`The deploying app lacks permissions this plan needs (nothing was changed):\n${text}`),
      args.plan,
    );
  }
  return [`Apply would fail; the deploying app lacks permissions:\n${text}`];
}
