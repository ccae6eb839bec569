// The pure half of the runbook kind: what the list of an account's runbooks says, which runbooks
// need their content read, and the changes that bring the account in line with the repository.
// No I/O here; src/kinds/runbook/kind.ts observes and applies.

import { ConfigError } from '../../errors.js';
import type { EngineChange } from '../../engine/types.js';
import type { DiscoveredRunbook } from './discover.js';
import { isManaged, taggedHash, TAG_MANAGED, TAG_PATH, TAG_SHA256, TAG_SYNCED } from './hash.js';
import { RUNBOOK } from '../names.js';
import { tagValue } from '../tags.js';
import { contentDelta, describeDelta } from './content-delta.js';

/** The runbooks to sync (src/kinds/runbook/kind.ts); absent when the `runbooks` input is empty. */
export interface DesiredRunbooks {
  /** discovered files, one per runbook name */
  items: DiscoveredRunbook[];
  /** runtime environment of `runbook-runtime` (runtimeEnvironmentName) */
  runtimeEnvironment: string;
  /** publish-runbooks */
  publish: boolean;
  /** prune-runbooks */
  prune: boolean;
}

/**
 * How much later than our `synced` tag a runbook's lastModifiedTime may be and still count as our
 * own write: the tag is stamped just before the last PUT, by the runner's clock. Too small costs
 * only a content read per run (never a write); too large hides an edit made right after a sync.
 */
export const SYNC_SKEW_MS = 60_000;

/** A runbook as the list operation returns it (Microsoft.Automation 2024-10-23 Runbook). */
export interface ListedRunbook {
  name: string;
  location?: string;
  tags?: Record<string, string> | null;
  properties?: {
    runbookType?: string;
    runtimeEnvironment?: string;
    state?: string;
    lastModifiedTime?: string;
  } & RunbookSettings;
}

/** Settings a PUT would reset to defaults; carried over from the list so that a sync keeps them. */
export interface RunbookSettings {
  description?: string;
  logVerbose?: boolean;
  logProgress?: boolean;
  logActivityTrace?: number;
}

export type ContentSource = 'published' | 'draft';

export interface ObservedRunbook {
  name: string;
  location?: string;
  tags: Record<string, string>;
  runbookType?: string;
  runtimeEnvironment?: string;
  /** New, Edit or Published */
  state?: string;
  lastModifiedTime?: string;
  settings?: RunbookSettings;
  /**
   * Read only when the list cannot tell whether the runbook holds the repository's text (edited
   * outside the action, or not created by it). `text` is undefined when Azure has none (404).
   */
  content?: { source: ContentSource; text?: string };
}

export interface ObservedRunbooks {
  /** false when the Automation account does not exist yet (plan mode before its creation) */
  accountExists: boolean;
  runbooks: ObservedRunbook[];
}

/** What apply does for one change, in this order. */
export interface RunbookChangeData {
  /** PUT the runbook first (it must exist before a draft upload); tags without the hash yet */
  create: boolean;
  /** PUT .../draft/content with the repository's text */
  upload: boolean;
  /** POST .../publish */
  publish: boolean;
  /**
   * last step: PUT with the runtime environment and our tags (hash and synced time). Written
   * last so that an interrupted run leaves an old or missing hash, which the next run repairs.
   */
  finalPut: boolean;
  delete: boolean;
  /** the repository file (absent for a delete) */
  item?: DiscoveredRunbook;
  runtimeEnvironment: string;
  /** the runbook's tags that are not ours, kept on every PUT */
  otherTags: Record<string, string>;
  /** the runbook's location when it exists */
  location?: string;
  /** the runbook's own settings (description, logging), kept on every PUT */
  settings: RunbookSettings;
}

export function toObserved(listed: ListedRunbook): ObservedRunbook {
  const p = listed.properties ?? {};
  return {
    name: listed.name,
    location: listed.location,
    tags: listed.tags ?? {},
    runbookType: p.runbookType,
    runtimeEnvironment: p.runtimeEnvironment,
    state: p.state,
    lastModifiedTime: p.lastModifiedTime,
    settings: Object.fromEntries(
      (['description', 'logVerbose', 'logProgress', 'logActivityTrace'] as const)
        .filter((k) => p[k] !== undefined && p[k] !== null)
        .map((k) => [k, p[k]]),
    ),
  };
}

const OUR_TAGS = new Set([TAG_MANAGED, TAG_SHA256, TAG_PATH, TAG_SYNCED]);

/** Tags that are not this action's (tag names compare case-insensitively). */
export function otherTags(tags: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).filter(([k]) => !OUR_TAGS.has(k.toLowerCase())));
}

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const short = (hash: string | undefined) => (hash ? `${hash.slice(0, 12)}…` : 'none');

/**
 * When a managed runbook was modified after our last sync (later than the `synced` tag plus the
 * skew): the lastModifiedTime, else undefined. A managed runbook without a readable `synced` tag
 * counts as modified, so that its content is checked rather than trusted.
 */
export function editedOutsideAt(runbook: ObservedRunbook, skewMs = SYNC_SKEW_MS): string | undefined {
  const modified = Date.parse(runbook.lastModifiedTime ?? '');
  if (Number.isNaN(modified)) return undefined;
  const synced = Date.parse(tagValue(runbook.tags, TAG_SYNCED) ?? '');
  if (Number.isNaN(synced) || modified > synced + skewMs) return runbook.lastModifiedTime;
  return undefined;
}

/** Which content of the runbook observe must read (published or draft), or undefined: none. */
export function contentToRead(
  desired: DesiredRunbooks,
  runbook: ObservedRunbook,
  skewMs = SYNC_SKEW_MS,
): ContentSource | undefined {
  const item = desired.items.find((i) => sameName(i.name, runbook.name));
  if (item === undefined) return undefined;
  const source: ContentSource = desired.publish ? 'published' : 'draft';
  // not ours: only its content tells whether it must be replaced
  if (!isManaged(runbook.tags)) return source;
  // a different hash is replaced anyway; its content is read once so the plan can say what
  // changed (sizes, lines), not only two hashes. Only changed runbooks: a no-op reads none.
  const tagged = taggedHash(runbook.tags)?.toLowerCase();
  if (tagged !== undefined && tagged !== item.hash) return source;
  if (tagged !== item.hash) return undefined;
  return editedOutsideAt(runbook, skewMs) !== undefined ? source : undefined;
}

/** Same script, ignoring a byte order mark and CRLF/LF differences (the service may normalise them). */
export function sameContent(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/^\uFEFF/u, '').replace(/\r\n?/gu, '\n');
  return norm(a) === norm(b);
}

/** PowerShell types the sync can update in place (Automation reports 7.x ones as PowerShell72). */
const POWERSHELL_TYPE = /^powershell(7\d*)?$/iu;

function createChange(desired: DesiredRunbooks, item: DiscoveredRunbook): EngineChange<RunbookChangeData> {
  const data: RunbookChangeData = {
    create: true,
    upload: true,
    publish: desired.publish,
    finalPut: true,
    delete: false,
    item,
    runtimeEnvironment: desired.runtimeEnvironment,
    otherTags: {},
    settings: {},
  };
  return {
    kind: RUNBOOK,
    name: item.name,
    action: 'create',
    reason:
      `missing; upload ${item.path} (sha256 ${short(item.hash)}), bind to ${desired.runtimeEnvironment}` +
      (desired.publish ? ', publish' : ', leave as draft (publish-runbooks is false)'),
    after: {
      path: item.path,
      sha256: item.hash,
      runtimeEnvironment: desired.runtimeEnvironment,
      upload: true,
      publish: desired.publish,
    },
    data,
  };
}

/** Why the content of a runbook this action made must be uploaded again, if it must. */
function managedContentReason(
  item: DiscoveredRunbook,
  rb: ObservedRunbook,
  oldHash: string | undefined,
): string | undefined {
  if (oldHash === undefined) return `no content hash tag (an earlier upload did not finish); uploading ${item.path}`;
  if (oldHash !== item.hash) {
    const delta =
      rb.content?.text !== undefined ? `; ${describeDelta(contentDelta(rb.content.text, item.content))}` : '';
    return `content changed (sha256 ${short(oldHash)} -> ${short(item.hash)}${delta})`;
  }
  if (rb.content !== undefined && (rb.content.text === undefined || !sameContent(rb.content.text, item.content))) {
    const synced = tagValue(rb.tags, TAG_SYNCED);
    return (
      `edited outside the action at ${rb.lastModifiedTime ?? 'an unknown time'}` +
      (synced ? ` (last synced ${synced})` : '') +
      `; restoring ${item.path}`
    );
  }
  return undefined;
}

/** Why a same-named runbook this action did not make is replaced: its content (read in observe) differs. */
function adoptedContentReason(item: DiscoveredRunbook, rb: ObservedRunbook): string | undefined {
  if (rb.content?.text !== undefined && sameContent(rb.content.text, item.content)) return undefined;
  return (
    `exists but was not created by this action and its ${rb.content?.source ?? 'published'} content differs from ${item.path}: ` +
    'replacing it and tagging it as managed by exo-automation'
  );
}

/** The update of an existing runbook (ours or same-named), or undefined when it is in line. */
function updateChange(
  desired: DesiredRunbooks,
  item: DiscoveredRunbook,
  rb: ObservedRunbook,
): EngineChange<RunbookChangeData> | undefined {
  const managed = isManaged(rb.tags);
  const oldHash = taggedHash(rb.tags)?.toLowerCase();
  const contentReason = managed ? managedContentReason(item, rb, oldHash) : adoptedContentReason(item, rb);
  const reasons: string[] = contentReason ? [contentReason] : [];
  const contentDiffers = contentReason !== undefined;

  const publish = desired.publish && rb.state?.toLowerCase() !== 'published';
  if (publish && !contentDiffers) reasons.push(`state is ${rb.state ?? 'unknown'}, not Published`);

  const rebind = !sameName(rb.runtimeEnvironment ?? '', desired.runtimeEnvironment);
  if (rebind)
    reasons.push(`bound to ${desired.runtimeEnvironment}, was ${rb.runtimeEnvironment || 'no runtime environment'}`);

  if (reasons.length === 0) return undefined;
  if (!managed && !contentDiffers) {
    reasons.unshift(
      `exists but was not created by this action (same content as ${item.path}); adopting it and tagging it as managed`,
    );
  }

  // Publishing always re-uploads first: a draft in Edit may hold someone else's unpublished text.
  const upload = contentDiffers || publish;
  const data: RunbookChangeData = {
    create: false,
    upload,
    publish: upload && desired.publish,
    finalPut: true,
    delete: false,
    item,
    runtimeEnvironment: desired.runtimeEnvironment,
    otherTags: otherTags(rb.tags),
    location: rb.location,
    settings: rb.settings ?? {},
  };
  return {
    kind: RUNBOOK,
    name: rb.name,
    action: 'update',
    reason: reasons.join('; '),
    before: {
      sha256: oldHash,
      runtimeEnvironment: rb.runtimeEnvironment,
      state: rb.state,
      managed,
    },
    after: {
      path: item.path,
      sha256: item.hash,
      runtimeEnvironment: desired.runtimeEnvironment,
      upload: data.upload,
      publish: data.publish,
    },
    data,
  };
}

/**
 * The changes for the runbooks: create what is missing, update what differs (content, state,
 * runtime binding), and with prune delete runbooks that carry our ownership tag and whose file
 * is gone. A runbook without the ownership tag is never deleted. Throws ConfigError when a
 * repository runbook's name is taken by a runbook of another type (Python, workflow, graphical).
 */
export function diffRunbooks(desired: DesiredRunbooks, observed: ObservedRunbooks): EngineChange<RunbookChangeData>[] {
  const changes: EngineChange<RunbookChangeData>[] = [];
  const problems: string[] = [];
  for (const item of desired.items) {
    const rb = observed.runbooks.find((r) => sameName(r.name, item.name));
    if (rb === undefined) {
      changes.push(createChange(desired, item));
      continue;
    }
    if (rb.runbookType !== undefined && !POWERSHELL_TYPE.test(rb.runbookType)) {
      problems.push(
        `${item.path}: the Automation account already has a ${rb.runbookType} runbook named "${rb.name}"; ` +
          'only PowerShell runbooks are synced. Rename the file or remove that runbook',
      );
      continue;
    }
    const change = updateChange(desired, item, rb);
    if (change !== undefined) changes.push(change);
  }
  if (problems.length > 0) throw new ConfigError(problems);

  if (desired.prune) {
    for (const rb of observed.runbooks) {
      if (!isManaged(rb.tags) || desired.items.some((i) => sameName(i.name, rb.name))) continue;
      const path = tagValue(rb.tags, TAG_PATH);
      const data: RunbookChangeData = {
        create: false,
        upload: false,
        publish: false,
        finalPut: false,
        delete: true,
        runtimeEnvironment: desired.runtimeEnvironment,
        otherTags: {},
        settings: {},
      };
      changes.push({
        kind: RUNBOOK,
        name: rb.name,
        action: 'delete',
        reason: `created by this action from ${path ?? 'a file'}, which is no longer in the repository (prune-runbooks)`,
        before: { path, sha256: taggedHash(rb.tags) },
        data,
      });
    }
  }
  return changes;
}
