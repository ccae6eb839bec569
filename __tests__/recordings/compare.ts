// Pure comparison of a recorded Azure answer with the simulator's answer to the same request:
// status, LRO headers (Location / Azure-AsyncOperation path form, Retry-After presence and
// value), ETag presence, media type, and body shape (every recorded key present with the same
// JSON type; the simulator may add keys of newer api-versions).

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface LiveResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** null, boolean, number, string, array or object */
export function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** Differences of shape: paths where a recorded key is missing or its type differs. */
export function shapeDiff(recorded: unknown, live: unknown, path = '$'): string[] {
  const rt = jsonType(recorded);
  const lt = jsonType(live);
  if (rt !== lt) return [`${path}: recorded ${rt}, simulator ${lt}`];
  if (rt === 'array') {
    const [r0] = recorded as unknown[];
    const items = live as unknown[];
    if (r0 === undefined || items.length === 0) return [];
    return shapeDiff(r0, items[0], `${path}[0]`);
  }
  if (rt !== 'object') return [];
  const out: string[] = [];
  const l = live as Record<string, unknown>;
  for (const [k, v] of Object.entries(recorded as Record<string, unknown>)) {
    if (!(k in l)) out.push(`${path}.${k}: missing in the simulator's answer`);
    else out.push(...shapeDiff(v, l[k], `${path}.${k}`));
  }
  return out;
}

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** The form of an operation URL: its path with ids generalised, no host, no query. */
export function urlForm(url: string, subscriptionIds: string[]): string {
  const path = new URL(url, 'https://x').pathname;
  let out = path;
  for (const s of subscriptionIds) out = out.split(s).join('{subscriptionId}');
  return out.replace(GUID, '{id}');
}

function header(h: Headers | Record<string, string>, name: string): string | undefined {
  if (h instanceof Headers) return h.get(name) ?? undefined;
  const hit = Object.entries(h).find(([k]) => k.toLowerCase() === name.toLowerCase());
  return hit?.[1];
}

function mediaType(v: string | undefined): string | undefined {
  return v?.split(';')[0].trim().toLowerCase();
}

/** Every way the live answer differs from the recorded one; [] when they agree. */
export function compareResponse(rec: RecordedResponse, live: LiveResponse, subscriptionIds: string[]): string[] {
  const out: string[] = [];
  if (rec.status !== live.status) out.push(`status: recorded ${rec.status}, simulator ${live.status} (${live.text})`);
  for (const name of ['Location', 'Azure-AsyncOperation']) {
    const r = header(rec.headers, name);
    const l = header(live.headers, name);
    if ((r === undefined) !== (l === undefined))
      out.push(`${name}: recorded ${r ?? 'absent'}, simulator ${l ?? 'absent'}`);
    else if (r && l && urlForm(r, subscriptionIds) !== urlForm(l, subscriptionIds))
      out.push(`${name} form: recorded ${urlForm(r, subscriptionIds)}, simulator ${urlForm(l, subscriptionIds)}`);
  }
  const ra = header(rec.headers, 'Retry-After');
  const la = header(live.headers, 'Retry-After');
  if (ra !== la) out.push(`Retry-After: recorded ${ra ?? 'absent'}, simulator ${la ?? 'absent'}`);
  const re = header(rec.headers, 'ETag');
  const le = header(live.headers, 'ETag');
  if ((re === undefined) !== (le === undefined))
    out.push(`ETag: recorded ${re ?? 'absent'}, simulator ${le ?? 'absent'}`);
  else if (re && le && /^"\d+"$/.test(re) !== /^"\d+"$/.test(le))
    out.push(`ETag form: recorded ${re}, simulator ${le}`);
  const rm = mediaType(header(rec.headers, 'Content-Type'));
  const lm = mediaType(header(live.headers, 'Content-Type'));
  if (rm && rm !== lm) out.push(`Content-Type: recorded ${rm}, simulator ${lm ?? 'absent'}`);
  if (rec.body === null || rec.body === undefined) {
    if (live.text !== '') out.push(`body: recorded none, simulator ${live.text.slice(0, 200)}`);
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(live.text);
    } catch {
      out.push(`body: recorded JSON, simulator ${live.text.slice(0, 200)}`);
      return out;
    }
    out.push(...shapeDiff(rec.body, parsed));
  }
  return out;
}
