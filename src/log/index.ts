// The one way the action writes to the runner's log. Every line passes through inert.ts, so no
// text the action did not write itself (paths, tags, service messages, job output) can act as a
// workflow command. The action's own commands (add-mask, group, annotations, debug) are issued
// here, through @actions/core, which escapes their data. Lint forbids core's writers elsewhere.
import * as core from '@actions/core';
import { AzureLogger } from '@azure/logger';
import { inertLines, inertText } from './inert.js';

export { inertLine, inertLines, inertText, visibleControls } from './inert.js';
export { Heartbeat, heartbeatState, formatElapsed, type Clock } from './heartbeat.js';

export type AnnotationProperties = core.AnnotationProperties;

/** Annotation properties with their free text made inert (core escapes `:`, `,`, CR, LF, `%`). */
function inertProperties(p?: AnnotationProperties): AnnotationProperties | undefined {
  if (!p) return p;
  return {
    ...p,
    ...(p.title !== undefined && { title: inertText(p.title) }),
    ...(p.file && { file: inertText(p.file) }),
  };
}

export const log = {
  /** Plain text, any number of lines. */
  info(text: string): void {
    for (const line of inertLines(text)) core.info(line);
  },
  debug(text: string): void {
    // core encodes CR/LF inside ::debug::, so one command carries every line.
    core.debug(inertText(text));
  },
  warning(text: string, properties?: AnnotationProperties): void {
    core.warning(inertText(text), inertProperties(properties));
  },
  error(text: string, properties?: AnnotationProperties): void {
    core.error(inertText(text), inertProperties(properties));
  },
  notice(text: string, properties?: AnnotationProperties): void {
    core.notice(inertText(text), inertProperties(properties));
  },
  /** Fails the step with an error annotation. */
  fail(text: string): void {
    core.setFailed(inertText(text));
  },
  /** Masks a secret in all later output. Never called while commands are stopped: this module never stops them. */
  setSecret(secret: string): void {
    core.setSecret(secret);
  },
  async group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return core.group(inertText(name), fn);
  },
  startGroup(name: string): void {
    core.startGroup(inertText(name));
  },
  endGroup(): void {
    core.endGroup();
  },
  isDebug(): boolean {
    return core.isDebug();
  },
};

export type Log = typeof log;

/**
 * The Azure SDK's own logging (AZURE_LOG_LEVEL) writes request lines with resource names to
 * stderr, which the runner parses too: route it through the same sanitizer.
 */
export function routeAzureLogging(): void {
  AzureLogger.log = (...args: unknown[]) => {
    const text = args.map((a) => (typeof a === 'string' ? a : safeJson(a))).join(' ');
    for (const line of inertLines(text)) process.stderr.write(`${line}\n`);
  };
}

function safeJson(v: unknown): string {
  try {
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  } catch {
    return String(v);
  }
}
