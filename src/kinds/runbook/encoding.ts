// Runbook files come from Windows editors as often as from anywhere else: UTF-8 with or without a
// BOM, UTF-16 (Windows PowerShell ISE's "Unicode"), or legacy Windows-1252 ("ANSI"). Decode them
// to the text Automation should receive, keeping line endings exactly as they are.

export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  /** set when the encoding was guessed rather than declared by a BOM or valid UTF-8 */
  note?: string;
}

/** Decodes file bytes to text. Never throws: bytes that are not UTF-8 fall back to Windows-1252. */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  }
  const guess = guessUtf16(bytes);
  if (guess !== undefined) {
    return {
      text: new TextDecoder(guess).decode(bytes),
      encoding: guess,
      note: `no byte order mark; read as ${guess.toUpperCase()} because every other byte is zero`,
    };
  }
  try {
    // ignoreBOM: the UTF-8 BOM case is handled above; nothing else should be stripped
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return {
      text: new TextDecoder('windows-1252').decode(bytes),
      encoding: 'windows-1252',
      note: 'not valid UTF-8; read as Windows-1252 (ANSI). Save the file as UTF-8 to be sure of its characters',
    };
  }
}

/**
 * BOM-less UTF-16 of mostly ASCII text has a zero in every other byte; UTF-8 text never has NUL
 * bytes. Looks at the first 4 KiB only.
 */
function guessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  // a few zero bytes on the other side come from non-Latin characters (U+4E00, surrogates)
  if (oddZeros >= pairs * 0.6 && evenZeros <= pairs * 0.1) return 'utf-16le';
  if (evenZeros >= pairs * 0.6 && oddZeros <= pairs * 0.1) return 'utf-16be';
  return undefined;
}
