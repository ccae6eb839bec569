// `npm run simulator -- [--port N] [--latency-ms N] [--state FILE] [--host-proxy]`: prints one JSON
// ready line on stdout and serves until SIGINT or SIGTERM. `--host-proxy` also starts the CONNECT
// proxy of host-proxy.ts and adds its `proxyUrl` to the ready line (for the Azure CLI, see README).
import { parseArgs } from 'node:util';
import { startHostProxy } from './host-proxy.js';
import { startSimulator } from './server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'latency-ms': { type: 'string' },
    state: { type: 'string' },
    'host-proxy': { type: 'boolean' },
  },
});

function num(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a whole number >= 0, got "${v}"`);
    process.exit(2);
  }
  return n;
}

const sim = await startSimulator({
  port: num('port', values.port),
  latencyMs: num('latency-ms', values['latency-ms']),
  stateFile: values.state,
});
const proxy = values['host-proxy'] ? await startHostProxy(Number(new URL(sim.url).port)) : undefined;
process.stdout.write(JSON.stringify({ ...sim.readyInfo(), ...(proxy ? { proxyUrl: proxy.url } : {}) }) + '\n');

const stop = () => {
  void Promise.all([sim.close(), proxy?.close()]).then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
