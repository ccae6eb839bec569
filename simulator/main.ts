// `npm run simulator -- [--port N] [--latency-ms N] [--state FILE]`: prints one JSON ready line
// on stdout and serves until SIGINT or SIGTERM.
import { parseArgs } from 'node:util';
import { startSimulator } from './server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'latency-ms': { type: 'string' },
    state: { type: 'string' },
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
process.stdout.write(JSON.stringify(sim.readyInfo()) + '\n');

const stop = () => {
  void sim.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
