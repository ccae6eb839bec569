import { describe, expect, it } from '@jest/globals';
import type { DesiredRunbooks } from '../../src/kinds/runbook/diff.js';
import { ConfigError } from '../../src/errors.js';
import {
  contentToRead,
  diffRunbooks,
  editedOutsideAt,
  otherTags,
  sameContent,
  SYNC_SKEW_MS,
  toObserved,
  type ObservedRunbook,
  type RunbookChangeData,
} from '../../src/kinds/runbook/diff.js';
import { checkRunbooks, findingText } from '../../src/kinds/runbook/kind.js';
import { runbookStatuses } from '../../src/kinds/runbook/report.js';
import type { DiscoveredRunbook } from '../../src/kinds/runbook/discover.js';
import { contentHash, runbookTags, TAG_SYNCED } from '../../src/kinds/runbook/hash.js';

const HEADER = 'Connect-ExchangeOnline -ManagedIdentity -Organization contoso.onmicrosoft.com\n';
const SYNCED = new Date('2026-11-20T10:00:00.000Z');

function file(name: string, body = `Get-Mailbox -Identity ${name}\n`): DiscoveredRunbook {
  const content = HEADER + body;
  return {
    name,
    path: `runbooks/${name}.ps1`,
    absolutePath: `/w/runbooks/${name}.ps1`,
    content,
    hash: contentHash(content),
    encoding: 'utf-8',
  };
}

function want(items: DiscoveredRunbook[], over: Partial<DesiredRunbooks> = {}): DesiredRunbooks {
  return { items, runtimeEnvironment: 'exo-pwsh-7-4', publish: true, prune: false, ...over };
}

/** A runbook as a previous successful sync of `item` left it. */
function synced(item: DiscoveredRunbook, over: Partial<ObservedRunbook> = {}): ObservedRunbook {
  return {
    name: item.name,
    location: 'westeurope',
    tags: { owner: 'ops', ...runbookTags({ hash: item.hash, path: item.path, synced: SYNCED }) },
    runbookType: 'PowerShell',
    runtimeEnvironment: 'exo-pwsh-7-4',
    state: 'Published',
    lastModifiedTime: '2026-11-20T10:00:00.40+00:00',
    ...over,
  };
}

const account = (runbooks: ObservedRunbook[]) => ({ accountExists: true, runbooks });
const data = (c: { data?: unknown }) => c.data as RunbookChangeData;
const steps = (c: { data?: unknown }) => {
  const d = data(c);
  return { create: d.create, upload: d.upload, publish: d.publish, finalPut: d.finalPut, delete: d.delete };
};

describe('diffRunbooks', () => {
  it('is empty when every runbook is as the last sync left it', () => {
    const a = file('Alpha');
    const b = file('Beta');
    expect(diffRunbooks(want([a, b]), account([synced(a), synced(b)]))).toEqual([]);
  });

  it('creates a missing runbook: PUT, upload, publish, then the tags', () => {
    const a = file('Alpha');
    const [c] = diffRunbooks(want([a]), { accountExists: false, runbooks: [] });
    expect(c).toMatchObject({ kind: 'runbook', name: 'Alpha', action: 'create' });
    expect(c.reason).toContain('runbooks/Alpha.ps1');
    expect(c.reason).toContain('exo-pwsh-7-4');
    expect(c.reason).toContain(a.hash.slice(0, 12));
    expect(steps(c)).toEqual({ create: true, upload: true, publish: true, finalPut: true, delete: false });
    expect(data(c).item).toBe(a);
  });

  it('leaves a new runbook as a draft when publish-runbooks is false', () => {
    const [c] = diffRunbooks(want([file('Alpha')], { publish: false }), account([]));
    expect(steps(c)).toMatchObject({ create: true, upload: true, publish: false, finalPut: true });
    expect(c.reason).toContain('draft');
  });

  it('updates content when the hash tag differs: one upload, one publish, one PUT', () => {
    const old = file('Alpha', 'Get-Mailbox\n');
    const now = file('Alpha', 'Get-Mailbox -ResultSize 10\n');
    const [c, ...rest] = diffRunbooks(want([now]), account([synced(old)]));
    expect(rest).toEqual([]);
    expect(c.action).toBe('update');
    expect(c.reason).toBe(`content changed (sha256 ${old.hash.slice(0, 12)}… -> ${now.hash.slice(0, 12)}…)`);
    expect(steps(c)).toEqual({ create: false, upload: true, publish: true, finalPut: true, delete: false });
    expect(data(c).otherTags).toEqual({ owner: 'ops' });
    expect(data(c).location).toBe('westeurope');
  });

  it('repairs a runbook whose earlier upload stopped before the hash tag was written', () => {
    const a = file('Alpha');
    const half = synced(a, { tags: { 'exo-automation:managed': 'true', 'exo-automation:path': a.path }, state: 'New' });
    const [c] = diffRunbooks(want([a]), account([half]));
    expect(c.reason).toContain('no content hash tag');
    expect(steps(c)).toMatchObject({ upload: true, publish: true, finalPut: true });
  });

  it('publishes a runbook left in Edit, uploading the repository text first', () => {
    const a = file('Alpha');
    const [c] = diffRunbooks(want([a]), account([synced(a, { state: 'Edit' })]));
    expect(c.reason).toBe('state is Edit, not Published');
    expect(steps(c)).toMatchObject({ upload: true, publish: true, finalPut: true });
  });

  it('does not publish when publish-runbooks is false', () => {
    const a = file('Alpha');
    expect(diffRunbooks(want([a], { publish: false }), account([synced(a, { state: 'New' })]))).toEqual([]);
  });

  it('rebinds the runtime without uploading', () => {
    const a = file('Alpha');
    const [c] = diffRunbooks(want([a]), account([synced(a, { runtimeEnvironment: 'exo-pwsh-5-1' })]));
    expect(c.reason).toBe('bound to exo-pwsh-7-4, was exo-pwsh-5-1');
    expect(steps(c)).toEqual({ create: false, upload: false, publish: false, finalPut: true, delete: false });
    expect(data(c).runtimeEnvironment).toBe('exo-pwsh-7-4');
  });

  it('compares runtime environment and runbook names without case', () => {
    const a = file('Alpha');
    expect(
      diffRunbooks(want([a]), account([synced(a, { name: 'ALPHA', runtimeEnvironment: 'EXO-PWSH-7-4' })])),
    ).toEqual([]);
  });

  it('joins several reasons', () => {
    const old = file('Alpha', 'x\n');
    const now = file('Alpha', 'y\n');
    const [c] = diffRunbooks(want([now]), account([synced(old, { state: 'Edit', runtimeEnvironment: undefined })]));
    expect(c.reason).toMatch(/^content changed .*; bound to exo-pwsh-7-4, was no runtime environment$/u);
  });

  it('restores a runbook edited outside the action', () => {
    const a = file('Alpha');
    const edited = synced(a, {
      lastModifiedTime: '2026-11-21T08:30:00+00:00',
      content: { source: 'published', text: HEADER + 'Remove-Mailbox -Identity everyone\n' },
    });
    const [c] = diffRunbooks(want([a]), account([edited]));
    expect(c.action).toBe('update');
    expect(c.reason).toContain('edited outside the action at 2026-11-21T08:30:00+00:00');
    expect(c.reason).toContain(`last synced ${SYNCED.toISOString()}`);
    expect(steps(c)).toMatchObject({ upload: true, publish: true, finalPut: true });
  });

  it('does not restore a later modification that left the content as it was (line endings aside)', () => {
    const a = file('Alpha');
    const touched = synced(a, {
      lastModifiedTime: '2026-11-21T08:30:00+00:00',
      content: { source: 'published', text: '\uFEFF' + a.content.replace(/\n/gu, '\r\n') },
    });
    expect(diffRunbooks(want([a]), account([touched]))).toEqual([]);
  });

  it('adopts a same-named runbook it did not create only when it differs, and tags it', () => {
    const a = file('Alpha');
    const foreign: ObservedRunbook = {
      name: 'Alpha',
      tags: { team: 'mail' },
      runbookType: 'PowerShell',
      runtimeEnvironment: 'exo-pwsh-7-4',
      state: 'Published',
      content: { source: 'published', text: 'Write-Output "hand made"\n' },
    };
    const [c] = diffRunbooks(want([a]), account([foreign]));
    expect(c.action).toBe('update');
    expect(c.reason).toContain('not created by this action');
    expect(c.reason).toContain('tagging it as managed');
    expect(steps(c)).toMatchObject({ upload: true, publish: true, finalPut: true });
    expect(data(c).otherTags).toEqual({ team: 'mail' });

    const same = { ...foreign, content: { source: 'published' as const, text: a.content } };
    expect(diffRunbooks(want([a]), account([same]))).toEqual([]);
  });

  it('adopts a same-content runbook it did not create when its binding differs', () => {
    const a = file('Alpha');
    const foreign: ObservedRunbook = {
      name: 'Alpha',
      tags: {},
      runbookType: 'PowerShell',
      runtimeEnvironment: 'exo-pwsh-5-1',
      state: 'Published',
      content: { source: 'published', text: a.content },
    };
    const [c] = diffRunbooks(want([a]), account([foreign]));
    expect(c.reason).toMatch(
      /^exists but was not created by this action \(same content.*; bound to exo-pwsh-7-4, was exo-pwsh-5-1$/u,
    );
    expect(steps(c)).toMatchObject({ upload: false, publish: false, finalPut: true });
  });

  it('treats a same-named runbook without published content as different', () => {
    const a = file('Alpha');
    const draftOnly: ObservedRunbook = {
      name: 'Alpha',
      tags: {},
      runbookType: 'PowerShell',
      state: 'New',
      content: { source: 'published' },
    };
    const [c] = diffRunbooks(want([a]), account([draftOnly]));
    expect(c.reason).toContain('not created by this action');
    expect(steps(c)).toMatchObject({ upload: true, publish: true });
  });

  it('refuses a repository runbook whose name is taken by a runbook of another type', () => {
    const a = file('Alpha');
    const python = { ...synced(a), tags: {}, runbookType: 'Python3' };
    expect(() => diffRunbooks(want([a]), account([python]))).toThrow(ConfigError);
    expect(() => diffRunbooks(want([a]), account([python]))).toThrow(/Python3 runbook named "Alpha"/u);
    expect(diffRunbooks(want([a]), account([synced(a, { runbookType: 'PowerShell72' })]))).toEqual([]);
  });

  describe('prune', () => {
    const keep = file('Keep');
    const gone = file('Gone');
    const handMade: ObservedRunbook = {
      name: 'Gone-Manual',
      tags: { 'exo-automation:path': 'x' },
      runbookType: 'PowerShell',
    };
    const observed = account([synced(keep), synced(gone), handMade]);

    it('deletes only runbooks with the ownership tag whose file is gone', () => {
      const changes = diffRunbooks(want([keep], { prune: true }), observed);
      expect(changes).toHaveLength(1);
      expect(changes[0]).toMatchObject({ name: 'Gone', action: 'delete' });
      expect(changes[0].reason).toBe(
        'created by this action from runbooks/Gone.ps1, which is no longer in the repository (prune-runbooks)',
      );
      expect(steps(changes[0])).toMatchObject({ delete: true, upload: false, finalPut: false });
    });

    it('deletes nothing without prune-runbooks', () => {
      expect(diffRunbooks(want([keep]), observed)).toEqual([]);
    });

    it('reads the ownership tag name and value without case', () => {
      const shouty = { ...synced(gone), tags: { 'EXO-AUTOMATION:MANAGED': 'True' } };
      expect(diffRunbooks(want([keep], { prune: true }), account([synced(keep), shouty]))).toHaveLength(1);
      const notOurs = { ...synced(gone), tags: { 'exo-automation:managed': 'false' } };
      expect(diffRunbooks(want([keep], { prune: true }), account([synced(keep), notOurs]))).toEqual([]);
    });
  });
});

describe('editedOutsideAt', () => {
  const a = file('Alpha');
  it('is undefined within the skew after the synced tag', () => {
    const at = new Date(SYNCED.getTime() + SYNC_SKEW_MS).toISOString();
    expect(editedOutsideAt(synced(a, { lastModifiedTime: at }))).toBeUndefined();
  });
  it('is the modification time beyond the skew', () => {
    const at = new Date(SYNCED.getTime() + SYNC_SKEW_MS + 1).toISOString();
    expect(editedOutsideAt(synced(a, { lastModifiedTime: at }))).toBe(at);
  });
  it('counts a missing synced tag as modified, and a missing modification time as not', () => {
    const tags = { ...synced(a).tags };
    delete tags[TAG_SYNCED];
    expect(editedOutsideAt(synced(a, { tags }))).toBe(synced(a).lastModifiedTime);
    expect(editedOutsideAt(synced(a, { lastModifiedTime: undefined }))).toBeUndefined();
  });
});

describe('contentToRead', () => {
  const a = file('Alpha');
  const later = '2026-11-22T00:00:00Z';
  it('reads nothing for a runbook as the last sync left it', () => {
    expect(contentToRead(want([a]), synced(a))).toBeUndefined();
  });
  it('reads the published content of a runbook modified after the sync, the draft without publish', () => {
    expect(contentToRead(want([a]), synced(a, { lastModifiedTime: later }))).toBe('published');
    expect(contentToRead(want([a], { publish: false }), synced(a, { lastModifiedTime: later }))).toBe('draft');
  });
  // Issue 14: a plan that shows only two hashes tells a reviewer nothing, so a changed runbook's
  // content is read once (it was not read before: it is replaced anyway) for the sizes and lines.
  it('reads the content of a runbook whose hash differs, for the plan to say what changed', () => {
    const b = file('Alpha', 'other\n');
    expect(contentToRead(want([b]), synced(a, { lastModifiedTime: later }))).toBe('published');
    expect(contentToRead(want([b]), synced(a))).toBe('published');
  });
  it('reads a same-named runbook it did not create, and never one without a file', () => {
    expect(contentToRead(want([a]), { name: 'alpha', tags: {} })).toBe('published');
    expect(contentToRead(want([a]), { name: 'Other', tags: {}, lastModifiedTime: later })).toBeUndefined();
  });
});

describe('helpers', () => {
  it('toObserved reads the list body, null tags included', () => {
    expect(
      toObserved({
        name: 'A',
        location: 'westeurope',
        tags: null,
        properties: { runbookType: 'PowerShell', runtimeEnvironment: 'e', state: 'Published', lastModifiedTime: 't' },
      }),
    ).toEqual({
      name: 'A',
      location: 'westeurope',
      tags: {},
      runbookType: 'PowerShell',
      runtimeEnvironment: 'e',
      state: 'Published',
      lastModifiedTime: 't',
      settings: {},
    });
  });
  it('toObserved keeps the settings a PUT would reset, and the update carries them', () => {
    const listed = toObserved({
      name: 'Alpha',
      tags: {},
      properties: { runbookType: 'PowerShell', description: 'd', logVerbose: true, logProgress: false },
    });
    expect(listed.settings).toEqual({ description: 'd', logVerbose: true, logProgress: false });
    const [c] = diffRunbooks(want([file('Alpha')]), account([{ ...listed, content: { source: 'published' } }]));
    expect(data(c).settings).toEqual({ description: 'd', logVerbose: true, logProgress: false });
  });
  it('otherTags drops ours in any case', () => {
    expect(otherTags({ 'Exo-Automation:SHA256': 'x', 'exo-automation:synced': 'y', owner: 'ops' })).toEqual({
      owner: 'ops',
    });
  });
  it('sameContent ignores a BOM and line endings only', () => {
    expect(sameContent('a\r\nb', '\uFEFFa\nb')).toBe(true);
    expect(sameContent('a\nb', 'a\nb ')).toBe(false);
  });
});

describe('checkRunbooks', () => {
  const opts = { organization: 'contoso.onmicrosoft.com', identityType: 'system-assigned' as const };
  const bad: DiscoveredRunbook = { ...file('Bad'), content: 'Get-Mailbox\n' + HEADER };

  it('reports header errors per file, and none for a good runbook', () => {
    const findings = checkRunbooks([file('Good'), bad], { ...opts, headerCheck: 'error' });
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.file === 'runbooks/Bad.ps1')).toBe(true);
    expect(findings.some((f) => f.severity === 'error' && f.code === 'connect-not-first')).toBe(true);
    expect(findingText(findings.find((f) => f.code === 'connect-not-first')!)).toMatch(/^runbooks\/Bad\.ps1:1(:1)?: /u);
  });

  it('follows header-check: warn downgrades, off drops', () => {
    const warned = checkRunbooks([bad], { ...opts, headerCheck: 'warn' });
    expect(warned.length).toBeGreaterThan(0); // every() alone holds for an empty list
    expect(warned.every((f) => f.severity === 'warning')).toBe(true);
    expect(checkRunbooks([bad], { ...opts, headerCheck: 'off' })).toEqual([]);
  });

  it('checks the account id of a user-assigned identity against the known client id', () => {
    const clientId = '11111111-2222-3333-4444-555555555555';
    const principalId = '99999999-8888-7777-6666-555555555555';
    const rb: DiscoveredRunbook = {
      ...file('Ua'),
      content: `Connect-ExchangeOnline -ManagedIdentity -Organization contoso.onmicrosoft.com -ManagedIdentityAccountId ${principalId}\n`,
    };
    const findings = checkRunbooks([rb], {
      ...opts,
      identityType: 'user-assigned',
      clientId,
      principalId,
      headerCheck: 'error',
    });
    expect(findings.some((f) => f.severity === 'error' && f.code === 'account-id-is-principal-id')).toBe(true);
  });
});

describe('runbookStatuses', () => {
  const a = file('Alpha');
  const b = file('Beta');
  const c = file('Gamma');

  it('names what the plan does to each runbook, and what apply did', () => {
    const observed = account([
      synced(file('Beta', 'old\n')),
      synced(c, { runtimeEnvironment: 'exo-pwsh-5-1' }),
      synced(file('Gone')),
    ]);
    const changes = diffRunbooks(want([a, b, c], { prune: true }), observed);
    expect(runbookStatuses([a, b, c], changes, 'plan')).toEqual([
      { name: 'Alpha', path: 'runbooks/Alpha.ps1', status: 'create and publish' },
      { name: 'Beta', path: 'runbooks/Beta.ps1', status: 'update and publish' },
      { name: 'Gamma', path: 'runbooks/Gamma.ps1', status: 'bind to exo-pwsh-7-4' },
      { name: 'Gone', status: 'delete (file left the repository)' },
    ]);
    expect(runbookStatuses([a, b, c], changes, 'apply').map((r) => r.status)).toEqual([
      'created and published',
      'updated and published',
      'bound to exo-pwsh-7-4',
      'deleted (file left the repository)',
    ]);
  });

  it('says unchanged, and draft when publish-runbooks is false', () => {
    const changes = diffRunbooks(want([a, b], { publish: false }), account([synced(file('Beta', 'old\n'))]));
    expect(runbookStatuses([a, b], changes, 'plan').map((r) => r.status)).toEqual(['create as draft', 'update draft']);
    expect(runbookStatuses([a], [], 'apply')).toEqual([
      { name: 'Alpha', path: 'runbooks/Alpha.ps1', status: 'unchanged' },
    ]);
  });
});
