// Microsoft.Compute: azure-specs saved examples only, no swagger. These descriptors give the
// operations the runner needs (method, path template, parameters); statuses and headers come
// from the examples themselves, and bodies are checked structurally against the examples.
import type { SpecOperation } from './specs.js';

const VM =
  '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/virtualMachines/{vmName}';
const EX = 'compute/resource-manager/Microsoft.Compute/ComputeRP/stable/2025-04-01/examples';

export const COMPUTE_EXAMPLES = {
  get: `${EX}/virtualMachineExamples/VirtualMachine_Get.json`,
  update: `${EX}/virtualMachineExamples/VirtualMachine_Update_DetachDataDiskUsingToBeDetachedProperty.json`,
  create: `${EX}/virtualMachineExamples/VirtualMachine_Create_WithEncryptionIdentity.json`,
  runCommand: `${EX}/runCommandExamples/VirtualMachineRunCommand.json`,
  runCommandsPut: `${EX}/runCommandExamples/VirtualMachineRunCommand_CreateOrUpdate.json`,
  runCommandsGet: `${EX}/runCommandExamples/VirtualMachineRunCommand_Get.json`,
};

function op(
  method: string,
  path: string,
  operationId: string,
  apiVersion: string,
  statuses: Record<string, string[]>,
  extra: Partial<SpecOperation> = {},
): SpecOperation {
  const responses: SpecOperation['responses'] = {};
  for (const [code, headers] of Object.entries(statuses)) {
    responses[code] = {
      description: 'from the example',
      headers: Object.fromEntries(headers.map((h) => [h, { type: 'string' }])),
    };
  }
  return {
    method,
    path,
    apiVersion,
    operationId,
    swagger: '(no swagger saved; examples only)',
    lro: false,
    produces: ['application/json'],
    consumes: ['application/json'],
    parameters: [
      { in: 'query', name: '$expand' },
      { in: 'body', name: 'parameters' },
    ],
    responses,
    examples: [],
    ...extra,
  };
}

/**
 * azure-specs picked 2025-04-01 (the compute readme's default tag) and saved its examples; the
 * action's @azure/arm-compute sends 2026-04-01. Both are described, with the same examples.
 */
export const COMPUTE_VERSIONS = ['2025-04-01', '2026-04-01'];

export function computeOps(): SpecOperation[] {
  return COMPUTE_VERSIONS.flatMap((v) => [
    op('GET', VM, 'VirtualMachines_Get', v, { '200': [] }, { examples: [COMPUTE_EXAMPLES.get] }),
    op('PATCH', VM, 'VirtualMachines_Update', v, { '200': [] }, { examples: [COMPUTE_EXAMPLES.update], lro: true }),
    op(
      'POST',
      `${VM}/runCommand`,
      'VirtualMachines_RunCommand',
      v,
      { '200': [], '202': ['Location'] },
      { examples: [COMPUTE_EXAMPLES.runCommand], lro: true },
    ),
  ]);
}
