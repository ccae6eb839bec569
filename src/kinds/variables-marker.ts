// How an Automation variable says who made it and, when encrypted, what value it was given.
// Variables carry no tags, so both live at the end of the description, which Azure keeps:
//   "<description> (created by exo-automation)"                        made by this action: pruned when
//                                                                       the file drops it (prune: true)
//   "<description> (created by exo-automation; value scrypt15:S:H)"    the same, encrypted
//   "<description> (exo-automation; value scrypt15:S:H)"               encrypted, adopted (never pruned)
// Azure never returns an encrypted value; S:H is a salted scrypt (N=2^15, r=8, p=1: ~0.1 s and
// 32 MiB per guess) of the value as stored, so a changed source secret is seen without keeping the
// value in any reversible or cheaply brute-forced form. Pure but for the random salt.
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>;
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
export const CREATED_MARK = 'created by exo-automation';
const MARK_RE =
  /\s*\((created by exo-automation|exo-automation)(?:; value (scrypt15:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]{43}))?\)$/;

export interface ParsedDescription {
  /** the description without the marker */
  text: string;
  /** created by this action */
  owned: boolean;
  fingerprint?: string;
}

export function parseDescription(description: string | null | undefined): ParsedDescription {
  const d = description ?? '';
  const m = MARK_RE.exec(d);
  if (!m) return { text: d, owned: false };
  return { text: d.slice(0, m.index), owned: m[1] === CREATED_MARK, ...(m[2] ? { fingerprint: m[2] } : {}) };
}

export function formatDescription(text: string, owned: boolean, fingerprint?: string): string {
  if (!owned && !fingerprint) return text;
  const mark = `${owned ? CREATED_MARK : 'exo-automation'}${fingerprint ? `; value ${fingerprint}` : ''}`;
  return text === '' ? `(${mark})` : `${text} (${mark})`;
}

async function hash(value: string, salt: Buffer): Promise<Buffer> {
  return scrypt(value, salt, 32, SCRYPT);
}

/** A new fingerprint of `value` (the stored, JSON-encoded form), with a fresh salt. */
export async function fingerprintOf(value: string): Promise<string> {
  const salt = randomBytes(16);
  return `scrypt15:${salt.toString('base64url')}:${(await hash(value, salt)).toString('base64url')}`;
}

/** Whether `fingerprint` was made from `value`. */
export async function fingerprintMatches(fingerprint: string, value: string): Promise<boolean> {
  const [, salt, digest] = fingerprint.split(':');
  const want = Buffer.from(digest, 'base64url');
  const got = await hash(value, Buffer.from(salt, 'base64url'));
  return want.length === got.length && timingSafeEqual(want, got);
}
