// End-to-end helpers: the simulator in this process, the action as a child process run exactly
// as the runner runs it (scripts/run-action.ts).
import type { Simulator } from '../../simulator/server.js';
import { runAction, simulatorInputs, type ActionRun, type RunOptions } from '../../scripts/run-action.js';

export function info(sim: Simulator) {
  return sim.readyInfo() as unknown as Parameters<typeof simulatorInputs>[0];
}

export async function act(
  sim: Simulator,
  extra: Record<string, string> = {},
  opts: RunOptions = {},
): Promise<ActionRun> {
  return runAction(info(sim), simulatorInputs(info(sim), extra), opts);
}

/** Writes to ARM, Graph or GitHub since `from` (token endpoint POSTs are not writes). */
export function writesSince(sim: Simulator, from = 0) {
  return sim.requests
    .slice(from)
    .filter(
      (r) => ['arm', 'graph', 'github'].includes(r.service) && ['PUT', 'PATCH', 'POST', 'DELETE'].includes(r.method),
    );
}

export function log(run: ActionRun): string {
  return run.stdout + run.stderr;
}

export function setPullRequestClaims(sim: Simulator): void {
  Object.assign(sim.sim.state.github.claims, {
    sub: 'repo:octo-org/octo-repo:pull_request',
    ref: 'refs/pull/7/merge',
    event_name: 'pull_request',
  });
}
