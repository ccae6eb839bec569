// Azure Resource Manager: resource groups, managed identities, Automation, VMs. Routes and
// behaviour are listed in simulator/arm/README.md.
import type { Router } from '../router.js';
import { registerAccounts } from './accounts.js';
import { registerIdentities } from './identities.js';
import { registerImports } from './imports.js';
import { registerJobSchedules } from './job-schedules.js';
import { registerJobs } from './jobs.js';
import { pollOperation } from './operations.js';
import { registerResourceGroups } from './resource-groups.js';
import { registerRunbooks } from './runbooks.js';
import { registerSchedules } from './schedules.js';
import { registerSubscriptions } from './subscriptions.js';
import { registerVariables } from './variables.js';
import { registerVms } from './vms.js';

export { seedVm } from './vms.js';

export function registerArm(router: Router): void {
  // Operation polling URLs first: they sit below resource paths.
  router.add('GET', '/subscriptions/:sub/operationresults/:op', pollOperation);
  router.add(
    'GET',
    '/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.Automation/automationAccounts/:acc/runbooks/:rb/operationResults/:op',
    pollOperation,
  );
  router.add(
    'GET',
    '/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.Automation/automationAccounts/:acc/runbooks/:rb/publish/operationResults/:op',
    pollOperation,
  );
  router.add('GET', '/subscriptions/:sub/providers/Microsoft.Compute/locations/:loc/operations/:op', pollOperation);
  registerSubscriptions(router);
  registerResourceGroups(router);
  registerIdentities(router);
  registerAccounts(router);
  registerImports(router);
  registerRunbooks(router);
  registerJobs(router);
  registerVariables(router);
  registerSchedules(router);
  registerJobSchedules(router);
  registerVms(router);
}
