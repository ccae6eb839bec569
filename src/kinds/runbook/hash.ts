// What the sync compares and marks: the hash of the text as uploaded, and the tags that make a
// runbook this action's own (CONTRACT: prune deletes only runbooks that carry the ownership tag).

import { createHash } from 'node:crypto';

export const TAG_MANAGED = 'exo-automation:managed';
export const TAG_MANAGED_VALUE = 'true';
export const TAG_SHA256 = 'exo-automation:sha256';
export const TAG_PATH = 'exo-automation:path';
export const TAG_SYNCED = 'exo-automation:synced';
/** Azure Resource Manager limit on a tag value's length. */
export const TAG_VALUE_MAX = 256;

/** sha256 (hex) of the UTF-8 bytes of the text, exactly as it is uploaded (no BOM). */
export function contentHash(text: string): string {
  return createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');
}

/**
 * Fits a value into a tag: values over 256 characters keep their end (the file name is the useful
 * part of a path) behind a leading `...`, never splitting a surrogate pair.
 */
export function truncateTagValue(value: string, max = TAG_VALUE_MAX): string {
  if (value.length <= max) return value;
  const marker = '...';
  let start = value.length - (max - marker.length);
  const code = value.charCodeAt(start);
  if (code >= 0xdc00 && code <= 0xdfff) start++; // do not begin on the low half of a pair
  return marker + value.slice(start);
}

export interface RunbookTagInput {
  hash: string;
  /** repository-relative path, forward slashes */
  path: string;
  /** when the runbook was uploaded; omitted in plans so that they compare stably */
  synced?: Date;
}

/** The tags a synced runbook carries. Merge them over the runbook's other tags; do not replace those. */
export function runbookTags(input: RunbookTagInput): Record<string, string> {
  const tags: Record<string, string> = {
    [TAG_MANAGED]: TAG_MANAGED_VALUE,
    [TAG_SHA256]: input.hash,
    [TAG_PATH]: truncateTagValue(input.path),
  };
  if (input.synced !== undefined) tags[TAG_SYNCED] = input.synced.toISOString();
  return tags;
}

/** Whether a runbook's tags mark it as created by this action (tag names compare case-insensitively). */
export function isManaged(tags: Record<string, string> | undefined): boolean {
  if (tags === undefined) return false;
  return Object.entries(tags).some(
    ([name, value]) => name.toLowerCase() === TAG_MANAGED && value.toLowerCase() === TAG_MANAGED_VALUE,
  );
}

/** The hash a runbook was last synced with, if it carries one. */
export function taggedHash(tags: Record<string, string> | undefined): string | undefined {
  if (tags === undefined) return undefined;
  return Object.entries(tags).find(([name]) => name.toLowerCase() === TAG_SHA256)?.[1];
}
