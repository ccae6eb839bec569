// A tiny router. ARM paths and resource ids compare case-insensitively (Azure does), so literal
// segments match without regard to case; parameters keep the caller's spelling.
import type { Handler } from './types.js';

interface Route {
  method: string;
  segments: string[];
  handler: Handler;
  caseSensitive: boolean;
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
    this.routes.push({
      method: method.toUpperCase(),
      segments: split(pattern),
      handler,
      caseSensitive: opts.caseSensitive ?? false,
    });
    return this;
  }

  /** Returns the route for method+path, 'method' when the path exists for another method, or undefined. */
  match(method: string, path: string): RouteMatch | 'method' | undefined {
    const parts = split(path);
    let pathMatched = false;
    for (const route of this.routes) {
      const params = matchSegments(route, parts);
      if (!params) continue;
      if (route.method !== method.toUpperCase()) {
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

function matchSegments(route: Route, parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  const segs = route.segments;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i];
    if (seg.startsWith('*')) {
      if (i >= parts.length) return undefined;
      params[seg.slice(1)] = parts.slice(i).map(decode).join('/');
      return params;
    }
    if (i >= parts.length) return undefined;
    const part = parts[i];
    if (seg.startsWith(':')) {
      params[seg.slice(1)] = decode(part);
      continue;
    }
    const equal = route.caseSensitive ? seg === part : seg.toLowerCase() === decode(part).toLowerCase();
    if (!equal) return undefined;
  }
  return parts.length === segs.length ? params : undefined;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
