// Real PowerShell Gallery metadata of the extra modules the simulator serves (for the `modules`
// input): versions, declared dependencies (the feed's d:Dependencies, NuGet range syntax) and the
// manifest fields that decide where a module runs. Every entry names where it was read; nothing
// here is invented. `published` is the date the source gives (a manifest's "Generated on" line,
// a tag's commit date, a gallery page's "Last updated") — approximate by up to a few days.
import type { GalleryVersion } from '../types.js';

/** The manifest fields the gallery's package carries (rendered into the .psd1 of the .nupkg). */
export interface CatalogManifest {
  powerShellVersion?: string;
  compatiblePSEditions?: string[];
  dotNetFrameworkVersion?: string;
}

const GRAPH: CatalogManifest = {
  powerShellVersion: '5.1',
  compatiblePSEditions: ['Core', 'Desktop'],
  dotNetFrameworkVersion: '4.7.2',
};

const G = 'microsoftgraph/msgraph-sdk-powershell';

function v(
  version: string,
  published: string,
  source: string,
  manifest: CatalogManifest,
  dependencies = '',
): GalleryVersion {
  return { version, prerelease: false, published, dependencies, manifest, source };
}

/** Graph SDK modules require Microsoft.Graph.Authentication: "= X" since 2.x, ">= X" in 1.x. */
const auth = (range: string) => `Microsoft.Graph.Authentication:${range}:`;

export function extraGalleryPackages(): Record<string, GalleryVersion[]> {
  return {
    'Microsoft.Graph.Authentication': [
      v(
        '1.3.0',
        '2021-01-27',
        `${G} src/Authentication/Authentication/Microsoft.Graph.Authentication.psd1 @a3989fe1`,
        GRAPH,
      ),
      v(
        '1.9.3',
        '2022-01-26',
        `${G} src/Authentication/Authentication/Microsoft.Graph.Authentication.psd1 @029d10df`,
        GRAPH,
      ),
      v(
        '2.9.0',
        '2023-10-24',
        `required (RequiredVersion '2.9.0') by Microsoft.Graph.Users 2.9.0 and Microsoft.Graph.Mail 2.9.0 manifests; fields as every Authentication manifest`,
        GRAPH,
      ),
      v(
        '2.17.0',
        '2024-04-05',
        'powershellgallery.com/packages/Microsoft.Graph.Authentication/2.17.0 (minimum PowerShell 5.1, no dependencies)',
        GRAPH,
      ),
      v(
        '2.18.0',
        '2024-04-17',
        "required (RequiredVersion '2.18.0') by the Microsoft.Graph.Users 2.18.0 manifest",
        GRAPH,
      ),
      v(
        '2.25.0',
        '2024-11-21',
        "powershellgallery.com/packages/Microsoft.Graph.Authentication/2.25.0 (minimum PowerShell 5.1, no dependencies); date: the 2.25.0 row of the Graph modules' version history",
        GRAPH,
      ),
      v(
        '2.26.0',
        '2025-02-20',
        `${G} issue 3151 (2.26.0 fails on 7.2: System.Runtime 8.0.0.0); manifest fields unchanged (its gallery page still says 5.1)`,
        GRAPH,
      ),
    ],
    'Microsoft.Graph.Users': [
      v('1.2.0', '2021-01-25', `${G} src/Users/Users/Microsoft.Graph.Users.psd1 @d1fccf2e`, GRAPH, auth('1.2.0')),
      v(
        '2.9.0',
        '2023-10-24',
        `${G} src/Users/v1.0/Microsoft.Graph.Users.psd1 @02f385ae (signed, as published)`,
        GRAPH,
        auth('[2.9.0]'),
      ),
      v(
        '2.18.0',
        '2024-04-17',
        `${G} src/Users/v1.0/Microsoft.Graph.Users.psd1 @fc3db7ed (signed, as published)`,
        GRAPH,
        auth('[2.18.0]'),
      ),
    ],
    'Microsoft.Graph.Groups': [
      v('1.2.0', '2021-01-25', `${G} src/Groups/Groups/Microsoft.Graph.Groups.psd1 @87e07a53`, GRAPH, auth('1.2.0')),
      v('2.17.0', '2024-04-05', `${G} src/Groups/v1.0/Microsoft.Graph.Groups.psd1 @394e0be0`, GRAPH, auth('[2.17.0]')),
    ],
    'Microsoft.Graph.Mail': [
      v('0.9.2', '2020-08-25', `${G} src/Mail/Mail/Microsoft.Graph.Mail.psd1 @db6f4f4c`, GRAPH, auth('0.9.1')),
      v(
        '2.9.0',
        '2023-11-07',
        `${G} src/Mail/v1.0/Microsoft.Graph.Mail.psd1 @a825e2eb (signed, as published)`,
        GRAPH,
        auth('[2.9.0]'),
      ),
    ],
    'PnP.PowerShell': [
      // 2.x manifests declare neither PowerShellVersion nor CompatiblePSEditions (build/Build-Nightly.ps1 @v2.12.0)
      v(
        '2.12.0',
        '2024-09-09',
        'pnp/powershell tag v2.12.0, build/Build-Nightly.ps1 (manifest written there; net6.0)',
        {},
      ),
      v(
        '3.0.0',
        '2025-04-17',
        "pnp/powershell tag v3.0.0, build/Build-Nightly.ps1 (PowerShellVersion = '7.4.6'; net8.0)",
        { powerShellVersion: '7.4.6' },
      ),
      v(
        '3.1.0',
        '2025-04-18',
        "pnp/powershell tag v3.1.0, build/Build-Nightly.ps1 (PowerShellVersion = '7.4.6'; net8.0)",
        { powerShellVersion: '7.4.6' },
      ),
    ],
    'Az.Accounts': [
      v('2.2.5', '2021-02-05', 'Azure/azure-powershell src/Accounts/Accounts/Az.Accounts.psd1 @e65172b0', {
        powerShellVersion: '5.1',
        compatiblePSEditions: ['Core', 'Desktop'],
        dotNetFrameworkVersion: '4.7.2',
      }),
      // published: CONSTRUCTED (the gallery pages read give no date); fields from the pages and the 2.2.5 manifest
      v(
        '3.0.4',
        '2024-09-01',
        'powershellgallery.com/packages/Az.Accounts/3.0.4 (minimum PowerShell 5.1, no dependencies)',
        {
          powerShellVersion: '5.1',
          compatiblePSEditions: ['Core', 'Desktop'],
          dotNetFrameworkVersion: '4.7.2',
        },
      ),
      v(
        '4.0.0',
        '2024-11-01',
        'powershellgallery.com/packages/Az.Accounts/4.0.0 (minimum PowerShell 5.1, no dependencies)',
        {
          powerShellVersion: '5.1',
          compatiblePSEditions: ['Core', 'Desktop'],
          dotNetFrameworkVersion: '4.7.2',
        },
      ),
    ],
  };
}
