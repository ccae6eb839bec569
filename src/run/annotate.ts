// Runbook check findings as annotations on the file and line.
import { log } from '../log/index.js';
import { toAnnotation, type Finding } from '../kinds/runbook/check.js';

export function annotate(findings: Finding[]): void {
  for (const f of findings) {
    const { message, properties } = toAnnotation(f);
    if (f.severity === 'error') log.error(message, properties);
    else log.warning(message, properties);
  }
}
