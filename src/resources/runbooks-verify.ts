// The final check of an apply (issue 12 item 4): for every runbook the run wrote, the content the
// account now holds must be what its hash tag claims. If another writer interleaved (an apply
// that held no lease: the first apply of a new account, or a lease lost mid-run), the tag can
// name content the account does not have, and a re-plan trusting the tag would call it clean.
// A mismatch is corrected by removing the hash tag (the next plan then uploads the runbook
// again) and reported, so the wrong state is never hidden.
import type { AccountRef, AutomationClient } from '../clients/automation.js';
import { contentHash, TAG_SHA256, taggedHash } from '../runbooks/hash.js';
import type { DiscoveredRunbook } from '../runbooks/discover.js';
import type { Change } from '../types.js';
import { RUNBOOK } from './kinds.js';
import { sameContent } from './runbooks-diff.js';

type Tagged = { tags?: Record<string, string> };

export interface Mismatch {
  name: string;
  claimed: string | undefined;
  held: string;
}

/** Whether `text` is what a tag with hash `claimed` describes (this run's file is known by content too). */
export function matchesClaim(text: string, claimed: string | undefined, mine: DiscoveredRunbook | undefined): boolean {
  if (claimed === undefined) return true; // no claim: a plan reads and compares the content itself
  if (contentHash(text) === claimed.toLowerCase()) return true;
  return mine !== undefined && mine.hash === claimed.toLowerCase() && sameContent(text, mine.content);
}

/** The runbook names an apply wrote content or tags for. */
export function writtenRunbooks(applied: Change[]): string[] {
  return applied.filter((c) => c.kind === RUNBOOK && c.action !== 'delete').map((c) => c.name);
}

export async function verifyRunbooks(opts: {
  automation: AutomationClient;
  ref: AccountRef;
  names: string[];
  items: DiscoveredRunbook[];
  publish: boolean;
}): Promise<Mismatch[]> {
  const { automation, ref } = opts;
  const found: Mismatch[] = [];
  for (const name of opts.names) {
    const runbook = await automation.getRunbook<Tagged>(ref, name);
    if (!runbook) continue; // deleted since: nothing claims anything
    const text =
      (opts.publish
        ? await automation.getRunbookContent(ref, name)
        : ((await automation.getRunbookDraftContent(ref, name)) ?? (await automation.getRunbookContent(ref, name)))) ??
      '';
    const mine = opts.items.find((i) => i.name.toLowerCase() === name.toLowerCase());
    const claimed = taggedHash(runbook.tags);
    if (matchesClaim(text, claimed, mine)) continue;
    found.push({ name, claimed, held: contentHash(text) });
    // A PATCH of tags replaces them all: every other tag is kept.
    const tags = Object.fromEntries(Object.entries(runbook.tags ?? {}).filter(([k]) => k.toLowerCase() !== TAG_SHA256));
    await automation.patchRunbook(ref, name, { tags });
  }
  return found;
}

export function mismatchMessage(mismatches: Mismatch[]): string {
  return (
    `After this apply, ${mismatches.length} runbook(s) did not hold the content their hash tag claims ` +
    '(another apply wrote them at the same time):\n' +
    mismatches.map((m) => `  - ${m.name}: tag ${m.claimed ?? '(none)'}, content ${m.held}`).join('\n') +
    '\nTheir hash tags were removed, so the next run uploads them again; run this job again.'
  );
}
