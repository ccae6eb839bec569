// A small, real .nupkg (a zip with stored entries) for a simulated gallery package, so that a
// download can be opened and hashed like the real one. Deterministic: same id+version, same bytes.
import { crc32 } from 'node:zlib';
import type { GalleryVersion } from '../types.js';

interface ZipEntry {
  name: string;
  data: Buffer;
}

/** Zip with no compression (method 0), fixed timestamps (1980-01-01). */
export function storeZip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt16LE(0, 10); // time
    local.writeUInt16LE(0x21, 12); // date 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, e.data);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + e.data.length;
  }
  const centralDir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralDir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralDir, end]);
}

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const psList = (items: string[]) => items.map((i) => `'${i.replace(/'/g, "''")}'`).join(', ');

/** The manifest lines the catalog gives (gallery-catalog.ts); the required modules as the feed declares them. */
function manifestLines(meta: Pick<GalleryVersion, 'manifest' | 'dependencies'> | undefined): string {
  const m = meta?.manifest ?? {};
  const lines: string[] = [];
  if (m.compatiblePSEditions) lines.push(`    CompatiblePSEditions = ${psList(m.compatiblePSEditions)}`);
  if (m.powerShellVersion) lines.push(`    PowerShellVersion = '${m.powerShellVersion}'`);
  if (m.dotNetFrameworkVersion) lines.push(`    DotNetFrameworkVersion = '${m.dotNetFrameworkVersion}'`);
  const deps = (meta?.dependencies ?? '')
    .split('|')
    .filter(Boolean)
    .map((d) => {
      const [name, range = ''] = d.split(':');
      const exact = /^\[([^,\]]+)\]$/.exec(range);
      const key = exact ? 'RequiredVersion' : 'ModuleVersion';
      return `@{ModuleName = '${name}'; ${key} = '${exact ? exact[1] : range}'; }`;
    });
  if (deps.length) lines.push(`    RequiredModules = @(${deps.join(', ')})`);
  return lines.map((l) => `${l}\n`).join('');
}

/** The nupkg of a PowerShell module: [Content_Types].xml, the nuspec and a module manifest. */
export function modulePackage(
  id: string,
  version: string,
  meta?: Pick<GalleryVersion, 'manifest' | 'dependencies'>,
): Buffer {
  const [numeric, prerelease] = version.split('-');
  const nuspec = `<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://schemas.microsoft.com/packaging/2011/08/nuspec.xsd">
  <metadata>
    <id>${xml(id)}</id>
    <version>${xml(version)}</version>
    <authors>Simulated</authors>
    <owners>Simulated</owners>
    <requireLicenseAcceptance>false</requireLicenseAcceptance>
    <description>${xml(id)} (simulated package)</description>
    <tags>PSModule</tags>
  </metadata>
</package>
`;
  const psd1 = `@{
    RootModule = ''
    ModuleVersion = '${numeric}'
    GUID = '00000000-0000-0000-0000-000000000000'
    Author = 'Simulated'
    Description = '${id} (simulated package)'
${manifestLines(meta)}    PrivateData = @{ PSData = @{ ${prerelease ? `Prerelease = '${prerelease}'` : ''} } }
}
`;
  const types = `<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="nuspec" ContentType="application/octet" /><Default Extension="psd1" ContentType="application/octet" /></Types>`;
  return storeZip([
    { name: '[Content_Types].xml', data: Buffer.from(types) },
    { name: `${id}.nuspec`, data: Buffer.from(nuspec) },
    { name: `${id}.psd1`, data: Buffer.from(psd1) },
  ]);
}
