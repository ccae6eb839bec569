// Names one edit away from a well-known module: typosquats of ExchangeOnlineManagement (and of
// other Microsoft modules) have been published on the PowerShell Gallery, and a runbook that
// imports one runs its code with the identity's Exchange rights. Pure.
//
// One edit = one insertion, deletion, substitution or transposition of adjacent characters
// (optimal string alignment distance), compared case-insensitively.

/** Well-known modules, spelled as the gallery spells them. */
export const WELL_KNOWN_MODULES: readonly string[] = [
  'ExchangeOnlineManagement',
  'PnP.PowerShell',
  'PackageManagement',
  'PowerShellGet',
  'Microsoft.Graph',
  'Microsoft.Graph.Authentication',
  'Microsoft.Graph.Users',
  'Microsoft.Graph.Users.Actions',
  'Microsoft.Graph.Groups',
  'Microsoft.Graph.Mail',
  'Microsoft.Graph.Calendar',
  'Microsoft.Graph.Identity.DirectoryManagement',
  'Microsoft.Graph.Applications',
  'Microsoft.Graph.Sites',
  'Microsoft.Graph.Teams',
  // (not 'Az' itself: a two-letter name is one edit from too many real ones)
  'Az.Accounts',
  'Az.Resources',
  'Az.Storage',
  'Az.KeyVault',
  'Az.Automation',
  'Az.Compute',
  'Az.Network',
  'Az.Monitor',
];

/** Prefixes of families (Microsoft.Graph.*, Az.*): a misspelt family prefix is as suspicious as a misspelt name. */
const FAMILIES: readonly string[] = ['Microsoft.Graph', 'Microsoft.Graph.Beta'];

export function editDistance(a: string, b: string, cap = 2): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (Math.abs(x.length - y.length) > cap) return cap + 1;
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) => [i, ...Array<number>(y.length).fill(0)]);
  for (let j = 0; j <= y.length; j++) d[0][j] = j;
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[x.length][y.length];
}

/** The well-known module `name` is one edit away from (never itself), or undefined. */
export function typosquatOf(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (WELL_KNOWN_MODULES.some((w) => w.toLowerCase() === lower)) return undefined;
  const direct = WELL_KNOWN_MODULES.find((w) => editDistance(name, w, 1) === 1);
  if (direct) return direct;
  // Microsoft.Grahp.Users -> Microsoft.Graph.Users: a family prefix one edit off, the rest kept.
  const parts = name.split('.');
  for (const family of FAMILIES) {
    const n = family.split('.').length;
    if (parts.length <= n) continue;
    const head = parts.slice(0, n).join('.');
    if (head.toLowerCase() !== family.toLowerCase() && editDistance(head, family, 1) === 1) {
      return [family, ...parts.slice(n)].join('.');
    }
  }
  return undefined;
}
