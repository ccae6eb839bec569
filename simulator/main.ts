// `npm run simulator -- [--port N] [--latency-ms N] [--state FILE] [--host-proxy] [--profile azure [--time-scale S]]`: prints one JSON
// ready line on stdout and serves until SIGINT or SIGTERM. `--host-proxy` also starts the CONNECT
// proxy of host-proxy.ts and adds its `proxyUrl` to the ready line (for the Azure CLI, see README).
import { parseArgs } from 'node:util';
import { startHostProxy } from './host-proxy.js';
import { PROFILES } from './profiles.js';
import { startSimulator } from './server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'latency-ms': { type: 'string' },
    state: { type: 'string' },
    'host-proxy': { type: 'boolean' },
    profile: { type: 'string' },
    'time-scale': { type: 'string' },
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

function scale(v: string | undefined): number {
  const n = Number(v ?? 1);
  if (!(n > 0 && n <= 1)) {
    console.error(`--time-scale must be a number in (0, 1], got "${v}"`);
    process.exit(2);
  }
  return n;
}

if (values.profile !== undefined && !(PROFILES as readonly string[]).includes(values.profile)) {
  console.error(`--profile must be one of ${PROFILES.join(', ')}, got "${values.profile}"`);
  process.exit(2);
}

const sim = await startSimulator({
  port: num('port', values.port),
  latencyMs: num('latency-ms', values['latency-ms']),
  stateFile: values.state,
  ...(values.profile ? { profile: { name: values.profile, timeScale: scale(values['time-scale']) } } : {}),
});
const proxy = values['host-proxy'] ? await startHostProxy(Number(new URL(sim.url).port)) : undefined;
process.stdout.write(JSON.stringify({ ...sim.readyInfo(), ...(proxy ? { proxyUrl: proxy.url } : {}) }) + '\n');

const stop = () => {
  void Promise.all([sim.close(), proxy?.close()]).then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
