// The final check of an apply (issue 12 item 4): for every runbook the run wrote, the content the
// account now holds must be what its hash tag claims. If another writer interleaved (an apply
// that held no lease: the first apply of a new account, or a lease lost mid-run), the tag can
// name content the account does not have, and a re-plan trusting the tag would call it clean.
// A mismatch is corrected by removing the hash tag (the next plan then uploads the runbook
// again) and reported, so the wrong state is never hidden.
import type { AccountRef, AutomationClient } from '../../clients/automation.js';
import { contentHash, TAG_SHA256, taggedHash } from './hash.js';
import type { DiscoveredRunbook } from './discover.js';
import type { Change } from '../../types.js';
import { Limiter } from '../../engine/limiter.js';
import { RUNBOOK } from '../names.js';
import { sameContent } from './diff.js';

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

/** Content reads of the final check in flight at once. */
const VERIFY_PARALLELISM = 16;
/** Beyond this many written runbooks, one list (100 a page) is cheaper than a GET each. */
const LIST_BEYOND = 8;

/** Each written runbook's tags: a GET each for a few, the list's pages for many. */
async function taggedRunbooks(
  automation: AutomationClient,
  ref: AccountRef,
  names: string[],
): Promise<(name: string) => Promise<Tagged | undefined>> {
  if (names.length <= LIST_BEYOND) return (name) => automation.getRunbook<Tagged>(ref, name);
  const listed = await automation.listRunbooks<Tagged & { name: string }>(ref);
  const byName = new Map(listed.map((r) => [r.name.toLowerCase(), r]));
  return async (name) => byName.get(name.toLowerCase());
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
  const tagged = await taggedRunbooks(automation, ref, opts.names);
  const limiter = new Limiter(VERIFY_PARALLELISM);
  await Promise.all(
    opts.names.map((name) =>
      limiter.run(async () => {
        const runbook = await tagged(name);
        if (!runbook) return; // deleted since: nothing claims anything
        const text =
          (opts.publish
            ? await automation.getRunbookContent(ref, name)
            : ((await automation.getRunbookDraftContent(ref, name)) ??
              (await automation.getRunbookContent(ref, name)))) ?? '';
        const mine = opts.items.find((i) => i.name.toLowerCase() === name.toLowerCase());
        const claimed = taggedHash(runbook.tags);
        if (matchesClaim(text, claimed, mine)) return;
        found.push({ name, claimed, held: contentHash(text) });
        // A PATCH of tags replaces them all: every other tag is kept.
        const tags = Object.fromEntries(
          Object.entries(runbook.tags ?? {}).filter(([k]) => k.toLowerCase() !== TAG_SHA256),
        );
        await automation.patchRunbook(ref, name, { tags });
      }),
    ),
  );
  // in the order the runbooks were written, whatever order the reads finished in
  const order = new Map(opts.names.map((n, i) => [n.toLowerCase(), i]));
  return found.sort((x, y) => order.get(x.name.toLowerCase())! - order.get(y.name.toLowerCase())!);
}

export function mismatchMessage(mismatches: Mismatch[]): string {
  return (
    `After this apply, ${mismatches.length} runbook(s) did not hold the content their hash tag claims ` +
    '(another apply wrote them at the same time):\n' +
    mismatches.map((m) => `  - ${m.name}: tag ${m.claimed ?? '(none)'}, content ${m.held}`).join('\n') +
    '\nTheir hash tags were removed, so the next run uploads them again; run this job again.'
  );
}
