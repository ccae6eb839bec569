// A tiny router. ARM paths and resource ids compare case-insensitively (Azure does), so literal
// segments match without regard to case; parameters keep the caller's spelling.
import type { Handler } from './types.js';

interface Route {
  method: string;
  segments: string[];
  /** `segments` lower-cased once here, not on every match */
  folded: string[];
  handler: Handler;
  caseSensitive: boolean;
}

/** The request path split once per match: raw, decoded, and decoded lower-cased. */
interface Parts {
  raw: string[];
  decoded: string[];
  folded: string[];
}

export interface RouteMatch {
  handler: Handler;
  params: Record<string, string>;
}

export class Router {
  private routes: Route[] = [];

  /**
   * Pattern segments: literal, `:name` (one segment) or `*name` (the rest, as a path). Literal
   * segments may contain an inline parameter in parentheses style used by Graph, e.g.
   * `servicePrincipals(appId=':appId')` is written as its own literal and handled by the handler.
   */
  add(method: string, pattern: string, handler: Handler, opts: { caseSensitive?: boolean } = {}): this {
    const segments = split(pattern);
    this.routes.push({
      method: method.toUpperCase(),
      segments,
      folded: segments.map((seg) => seg.toLowerCase()),
      handler,
      caseSensitive: opts.caseSensitive ?? false,
    });
    return this;
  }

  /** Returns the route for method+path, 'method' when the path exists for another method, or undefined. */
  match(method: string, path: string): RouteMatch | 'method' | undefined {
    const raw = split(path);
    const decoded = raw.map(decode);
    const parts: Parts = { raw, decoded, folded: decoded.map((s) => s.toLowerCase()) };
    const wanted = method.toUpperCase();
    let pathMatched = false;
    for (const route of this.routes) {
      const params = matchSegments(route, parts);
      if (!params) continue;
      if (route.method !== wanted) {
        pathMatched = true;
        continue;
      }
      return { handler: route.handler, params };
    }
    return pathMatched ? 'method' : undefined;
  }
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

function matchSegments(route: Route, parts: Parts): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  const segs = route.segments;
  const n = parts.raw.length;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i];
    if (seg.startsWith('*')) {
      if (i >= n) return undefined;
      params[seg.slice(1)] = parts.decoded.slice(i).join('/');
      return params;
    }
    if (i >= n) return undefined;
    if (seg.startsWith(':')) {
      params[seg.slice(1)] = parts.decoded[i];
      continue;
    }
    const equal = route.caseSensitive ? seg === parts.raw[i] : route.folded[i] === parts.folded[i];
    if (!equal) return undefined;
  }
  return n === segs.length ? params : undefined;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
