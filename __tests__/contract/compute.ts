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
    apiVersion: '2025-04-01',
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

export function computeOps(): SpecOperation[] {
  return [
    op('GET', VM, 'VirtualMachines_Get', { '200': [] }, { examples: [COMPUTE_EXAMPLES.get] }),
    op('PATCH', VM, 'VirtualMachines_Update', { '200': [] }, { examples: [COMPUTE_EXAMPLES.update], lro: true }),
    op(
      'POST',
      `${VM}/runCommand`,
      'VirtualMachines_RunCommand',
      { '200': [], '202': ['Location'] },
      { examples: [COMPUTE_EXAMPLES.runCommand], lro: true },
    ),
  ];
}
