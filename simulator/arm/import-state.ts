// Module and package imports are not LROs but state machines (azure-specs README 2.3): the PUT
// answers Creating, later GETs walk through intermediate states to Succeeded or Failed. Pure.

export const IMPORT_STEPS = [
  'Creating',
  'ContentRetrieved',
  'ContentDownloaded',
  'ContentValidated',
  'ContentStored',
  'ModuleDataStored',
  'ActivitiesStored',
] as const;

export interface ImportRecord {
  startedAt: number;
  /** decided when the import starts; 'hang' never leaves the intermediate states */
  outcome: 'succeeded' | 'failed' | 'hang';
  /** properties.error.message when failed */
  message?: string;
  /** version reported once imported */
  version?: string;
  sizeInBytes?: number;
  /** this import's duration when it differs from config.importMs (the azure profile's sizes) */
  durationMs?: number;
}

export interface ImportView {
  provisioningState: string;
  version: string | null;
  sizeInBytes: number;
  error: { code: string | null; message: string | null };
}

export function importViewAt(rec: ImportRecord, now: number, defaultMs: number): ImportView {
  const importMs = rec.durationMs ?? defaultMs;
  const elapsed = Math.max(0, now - rec.startedAt);
  // While it runs, reads show an empty message (the PUT's own answer shows null): both recorded
  // (azure-cli-extensions test_automation_runtime_environment.yaml, azure-sdk-for-python modules).
  const pending = (i: number): ImportView => ({
    provisioningState: IMPORT_STEPS[Math.min(i, IMPORT_STEPS.length - 1)],
    version: null,
    sizeInBytes: 0,
    error: { code: null, message: '' },
  });
  if (rec.outcome === 'failed') {
    // A download failure shows up early, after the first third of the import time.
    if (elapsed < importMs / 3) return pending(0);
    return {
      provisioningState: 'Failed',
      version: null,
      sizeInBytes: 0,
      error: { code: null, message: rec.message ?? null },
    };
  }
  const step = Math.floor((elapsed / Math.max(1, importMs)) * IMPORT_STEPS.length);
  if (rec.outcome === 'hang' || step < IMPORT_STEPS.length)
    return pending(rec.outcome === 'hang' ? Math.min(step, IMPORT_STEPS.length - 1) : step);
  return {
    provisioningState: 'Succeeded',
    version: rec.version ?? null,
    sizeInBytes: rec.sizeInBytes ?? 0,
    error: { code: null, message: null },
  };
}

/** `.../api/v2/package/{id}/{version}` (the gallery's download URL) -> id and version. */
export function parsePackageUri(uri: string): { id: string; version?: string } | undefined {
  let path: string;
  try {
    path = new URL(uri).pathname;
  } catch {
    return undefined;
  }
  const m = /\/api\/v2\/package\/([^/]+)(?:\/([^/]+))?\/?$/i.exec(path);
  if (!m) return undefined;
  return { id: decodeURIComponent(m[1]), version: m[2] ? decodeURIComponent(m[2]) : undefined };
}
