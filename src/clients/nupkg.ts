// The module manifest inside a .nupkg (a zip): the root-level NAME.psd1. Pure. Reads the zip's
// central directory (APPNOTE.TXT 4.3.12), then the entry's local header and data; entries are
// stored (method 0) or deflated (method 8), the two methods NuGet writes.
import { inflateRawSync } from 'node:zlib';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function endOfCentralDirectory(zip: Buffer): number {
  // the record is 22 bytes plus a comment of at most 65535 bytes, at the very end
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
    if (zip.readUInt32LE(i) === EOCD) return i;
  }
  throw new Error('not a zip file (no end of central directory record)');
}

/** Every entry name and where its local header is. */
export function zipEntries(zip: Buffer): { name: string; offset: number; method: number; size: number }[] {
  const eocd = endOfCentralDirectory(zip);
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const out: { name: string; offset: number; method: number; size: number }[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(p) !== CENTRAL) throw new Error('corrupt zip central directory');
    const method = zip.readUInt16LE(p + 10);
    const size = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const offset = zip.readUInt32LE(p + 42);
    out.push({ name: zip.toString('utf8', p + 46, p + 46 + nameLen), offset, method, size });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

export function readZipEntry(zip: Buffer, entry: { offset: number; method: number; size: number }): Buffer {
  const p = entry.offset;
  if (zip.readUInt32LE(p) !== LOCAL) throw new Error('corrupt zip local header');
  const start = p + 30 + zip.readUInt16LE(p + 26) + zip.readUInt16LE(p + 28);
  const data = zip.subarray(start, start + entry.size);
  if (entry.method === 0) return Buffer.from(data);
  if (entry.method === 8) return inflateRawSync(data);
  throw new Error(`zip entry compressed with method ${entry.method}, which the action does not read`);
}

/** The text of the root-level manifest `ID.psd1` (case-insensitive), or undefined. */
export function nupkgManifest(zip: Buffer, id: string): string | undefined {
  const entries = zipEntries(zip);
  const want = `${id}.psd1`.toLowerCase();
  const hit =
    entries.find((e) => decodeURIComponent(e.name).toLowerCase() === want) ??
    entries.find((e) => !e.name.includes('/') && e.name.toLowerCase().endsWith('.psd1'));
  return hit
    ? readZipEntry(zip, hit)
        .toString('utf8')
        .replace(/^\uFEFF/, '')
    : undefined;
}
