// All clients of one run. Observe steps get ReadClients (no write methods in the type, and a
// runtime guard that refuses writes); only apply gets WriteClients.
import type { TokenCredential } from '@azure/core-auth';
import type { PipelineRetryOptions } from '@azure/core-rest-pipeline';
import type { Endpoints } from '../types.js';
import { ArmClient, type ArmReader, type ArmWriter } from './arm.js';
import type { ArmSdkOptions } from './arm-sdk.js';
import { AutomationClient, type AutomationReader } from './automation.js';
import { ComputeClient, type ComputeReader, type ComputeWriter } from './compute.js';
import { GalleryClient } from './gallery.js';
import { GraphClient, type GraphReader } from './graph.js';
import { pacerFor, type Pacer } from './pacing-policy.js';
import { MsiClient, type MsiReader, type MsiWriter } from './msi.js';

export interface ReadClients {
  arm: ArmReader;
  automation: AutomationReader;
  msi: MsiReader;
  compute: ComputeReader;
  graph: GraphReader;
  gallery: GalleryClient;
}

export interface WriteClients {
  arm: ArmWriter;
  automation: AutomationClient;
  msi: MsiWriter;
  compute: ComputeWriter;
  graph: GraphClient;
  gallery: GalleryClient;
  /** the subscription's ARM throttling budget as this process sees it */
  pacer: Pacer;
}

export interface ClientOptions {
  endpoints: Endpoints;
  subscriptionId: string;
  credential: TokenCredential;
  retryOptions?: PipelineRetryOptions;
  graphRetryDelaySeconds?: number;
  lroIntervalMs?: number;
}

function build(opts: ClientOptions, readOnly: boolean): WriteClients {
  const { endpoints, credential } = opts;
  const pacer = pacerFor(endpoints.arm, opts.subscriptionId);
  const arm = new ArmClient({
    pacer,
    endpoint: endpoints.arm,
    scope: endpoints.armScope,
    credential,
    readOnly,
    retryOptions: opts.retryOptions,
    lroIntervalMs: opts.lroIntervalMs,
  });
  const sdk: ArmSdkOptions = {
    endpoint: endpoints.arm,
    scope: endpoints.armScope,
    credential,
    subscriptionId: opts.subscriptionId,
    readOnly,
    retryOptions: opts.retryOptions,
    pacer,
  };
  return {
    arm,
    automation: new AutomationClient(arm),
    msi: new MsiClient(sdk),
    compute: new ComputeClient({ ...sdk, lroIntervalMs: opts.lroIntervalMs }),
    graph: new GraphClient({
      endpoint: endpoints.graph,
      scope: endpoints.graphScope,
      credential,
      readOnly,
      retryDelaySeconds: opts.graphRetryDelaySeconds,
    }),
    gallery: new GalleryClient(endpoints.gallery, opts.retryOptions),
    pacer,
  };
}

/** Clients that cannot write: their types have no write methods and their pipelines refuse writes. */
export function createReadClients(opts: ClientOptions): ReadClients {
  return build(opts, true);
}

export function createWriteClients(opts: ClientOptions): WriteClients {
  return build(opts, false);
}

/**
 * The clients of one run, built once: readers at once, writers only when something is written
 * (a plan never builds them). Both share the subscription's pacer.
 */
export interface ClientSet {
  readers: ReadClients;
  writers(): WriteClients;
}

export function createClientSet(opts: ClientOptions): ClientSet {
  let writers: WriteClients | undefined;
  return { readers: createReadClients(opts), writers: () => (writers ??= createWriteClients(opts)) };
}

export { ArmClient, AutomationClient, ComputeClient, GalleryClient, GraphClient, MsiClient };
