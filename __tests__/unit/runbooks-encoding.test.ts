import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { decodeText } from '../../src/kinds/runbook/encoding.js';
import {
  contentHash,
  isManaged,
  runbookTags,
  TAG_MANAGED,
  TAG_PATH,
  TAG_SHA256,
  TAG_SYNCED,
  taggedHash,
  truncateTagValue,
} from '../../src/kinds/runbook/hash.js';

// Text with CRLF, LF and a lone CR, non-ASCII (é, €), and a character outside the BMP (😀).
const TEXT = 'Connect-ExchangeOnline -ManagedIdentity\r\n# café €\nWrite-Output "😀"\rEnd';
const bytes = (...parts: (number[] | Buffer)[]) => new Uint8Array(Buffer.concat(parts.map((p) => Buffer.from(p))));
const utf16be = (s: string) => {
  const le = Buffer.from(s, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1];
    be[i + 1] = le[i];
  }
  return be;
};

describe('decodeText', () => {
  it('reads UTF-8 without a BOM, keeping every line ending', () => {
    expect(decodeText(bytes(Buffer.from(TEXT, 'utf8')))).toEqual({ text: TEXT, encoding: 'utf-8' });
  });

  it('reads UTF-8 with a BOM and drops the BOM', () => {
    const decoded = decodeText(bytes([0xef, 0xbb, 0xbf], Buffer.from(TEXT, 'utf8')));
    expect(decoded).toEqual({ text: TEXT, encoding: 'utf-8-bom' });
    expect(decoded.text.charCodeAt(0)).not.toBe(0xfeff);
  });

  it('reads UTF-16 LE and BE with a BOM', () => {
    expect(decodeText(bytes([0xff, 0xfe], Buffer.from(TEXT, 'utf16le')))).toEqual({ text: TEXT, encoding: 'utf-16le' });
    expect(decodeText(bytes([0xfe, 0xff], utf16be(TEXT)))).toEqual({ text: TEXT, encoding: 'utf-16be' });
  });

  it('recognises BOM-less UTF-16 of mostly ASCII text, and says it guessed', () => {
    const le = decodeText(bytes(Buffer.from(TEXT, 'utf16le')));
    expect(le).toMatchObject({ text: TEXT, encoding: 'utf-16le', note: expect.stringContaining('no byte order mark') });
    expect(decodeText(bytes(utf16be(TEXT)))).toMatchObject({ text: TEXT, encoding: 'utf-16be' });
  });

  it('does not take UTF-8 text for UTF-16', () => {
    expect(decodeText(bytes(Buffer.from('ab', 'utf8'))).encoding).toBe('utf-8');
    expect(decodeText(bytes(Buffer.from('Get-Date\n', 'utf8'))).encoding).toBe('utf-8');
  });

  it('falls back to Windows-1252 for bytes that are not UTF-8 (ANSI files), with a note', () => {
    // "café €" in Windows-1252: é = 0xE9, € = 0x80
    const decoded = decodeText(bytes(Buffer.from('# caf', 'latin1'), [0xe9, 0x20, 0x80, 0x0d, 0x0a]));
    expect(decoded).toMatchObject({
      text: '# café €\r\n',
      encoding: 'windows-1252',
      note: expect.stringContaining('UTF-8'),
    });
  });

  it('handles empty input and a lone BOM', () => {
    expect(decodeText(new Uint8Array())).toEqual({ text: '', encoding: 'utf-8' });
    expect(decodeText(bytes([0xef, 0xbb, 0xbf]))).toEqual({ text: '', encoding: 'utf-8-bom' });
  });
});

describe('contentHash', () => {
  it('is the sha256 of the UTF-8 bytes, the same whatever the file encoding was', () => {
    const expected = createHash('sha256').update(Buffer.from(TEXT, 'utf8')).digest('hex');
    expect(contentHash(TEXT)).toBe(expected);
    const fromUtf16 = decodeText(bytes([0xff, 0xfe], Buffer.from(TEXT, 'utf16le'))).text;
    expect(contentHash(fromUtf16)).toBe(expected);
  });

  it('changes with line endings (they are uploaded as they are)', () => {
    expect(contentHash('a\r\nb')).not.toBe(contentHash('a\nb'));
  });
});

describe('runbook tags', () => {
  it('marks ownership, hash, path and (when given) sync time', () => {
    const synced = new Date('2026-01-02T03:04:05.000Z');
    expect(runbookTags({ hash: 'abc', path: 'runbooks/a.ps1', synced })).toEqual({
      [TAG_MANAGED]: 'true',
      [TAG_SHA256]: 'abc',
      [TAG_PATH]: 'runbooks/a.ps1',
      [TAG_SYNCED]: '2026-01-02T03:04:05.000Z',
    });
    expect(Object.keys(runbookTags({ hash: 'abc', path: 'a.ps1' }))).not.toContain(TAG_SYNCED);
  });

  it('keeps tag values within 256 characters, keeping the end of a long path', () => {
    const long = `${'d/'.repeat(200)}Runbook.ps1`;
    const value = runbookTags({ hash: 'h', path: long })[TAG_PATH];
    expect(value).toHaveLength(256);
    expect(value.startsWith('...')).toBe(true);
    expect(value.endsWith('/Runbook.ps1')).toBe(true);
  });

  it('never splits a surrogate pair when truncating', () => {
    const value = truncateTagValue('😀'.repeat(200));
    expect(value.length).toBeLessThanOrEqual(256);
    expect(() => encodeURIComponent(value)).not.toThrow(); // a lone surrogate would throw
  });

  it('reads ownership and hash back, tag names in any case', () => {
    expect(isManaged({ 'Exo-Automation:Managed': 'True' })).toBe(true);
    expect(isManaged({ [TAG_MANAGED]: 'false' })).toBe(false);
    expect(isManaged(undefined)).toBe(false);
    expect(taggedHash({ 'EXO-AUTOMATION:SHA256': 'h1' })).toBe('h1');
    expect(taggedHash({})).toBeUndefined();
  });
});
