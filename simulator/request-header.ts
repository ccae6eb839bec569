// One request header as a string: Node gives repeated headers as arrays; the services read the first.
import type { SimRequest } from './types.js';

export function header(req: SimRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
