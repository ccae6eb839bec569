// Starts an in-process simulator and makes this process trust its CA, so that real clients
// (Azure SDK pipeline, Graph client, @azure/identity, fetch) talk to it over HTTPS unmodified.
import * as tls from 'node:tls';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator/server.js';

// 'bundled' (Node's own roots), not 'default': the default list already holds earlier simulators' CAs.
const base = tls.getCACertificates('bundled');
const trusted: string[] = [];

/**
 * What tests change from the simulator's faithful defaults, to stay fast: Azure's draft upload
 * answers Retry-After 5 (simulator config draftRetryAfterSeconds), which a compliant client waits
 * per upload. Tests that check the recorded value start the simulator with it set back to 5.
 */
export const TEST_CONFIG = { draftRetryAfterSeconds: 0 };

export async function startTestSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator({ ...opts, config: { ...TEST_CONFIG, ...opts.config } });
  trusted.push(sim.caCert);
  // Node >= 22.15/23.8: replaces the default CA list for new TLS connections in this process.
  tls.setDefaultCACertificates([...base, ...trusted]);
  return sim;
}

/** The counts a test asserts on: writes are PUT/PATCH/POST/DELETE to ARM or Graph (from request `from` on). */
export function writeRequests(sim: Simulator, from = 0) {
  return sim.requests
    .slice(from)
    .filter(
      (r) => (r.service === 'arm' || r.service === 'graph') && ['PUT', 'PATCH', 'POST', 'DELETE'].includes(r.method),
    );
}
