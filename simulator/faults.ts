// Fault injection rules (POST /_sim/faults): match method and a path pattern, then answer a
// status with headers and body, delay, or drop the connection, for the next N matches.
import { randomUUID } from 'node:crypto';

export interface FaultRule {
  id: string;
  /** HTTP method to match; any when absent */
  method?: string;
  /** regular expression (case-insensitive) matched against the path, or path + '?' + query when `matchQuery` */
  path: string;
  matchQuery?: boolean;
  /** let this many matching requests through before the rule fires */
  skip?: number;
  /** how many matching requests the rule affects (default 1; 0 = every one) */
  times?: number;
  /** answer with this status (and headers/body) instead of the real handler */
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** wait this long before answering (with the fault or the real answer) */
  delayMs?: number;
  /** 'before': drop without handling; 'after': handle (state changes), then drop without answering */
  drop?: 'before' | 'after';
  /** counters, maintained by the simulator */
  seen?: number;
  fired?: number;
}

export class FaultTable {
  private rules: FaultRule[] = [];
  // Each rule's pattern, compiled once when added: take() runs for every request.
  private patterns = new WeakMap<FaultRule, RegExp>();

  add(input: Partial<FaultRule> | Partial<FaultRule>[]): FaultRule[] {
    const list = Array.isArray(input) ? input : [input];
    const added = list.map((r) => {
      if (!r.path || typeof r.path !== 'string') throw new Error('fault rule needs a "path" regular expression');
      const pattern = new RegExp(r.path, 'i'); // validates early too
      if (r.drop && r.drop !== 'before' && r.drop !== 'after')
        throw new Error('fault "drop" must be "before" or "after"');
      const rule = { times: 1, skip: 0, ...r, id: r.id ?? randomUUID(), seen: 0, fired: 0 } as FaultRule;
      this.patterns.set(rule, pattern);
      return rule;
    });
    this.rules.push(...added);
    return added;
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules;
  }

  /** The rule that fires for this request, if any (counts it). */
  take(method: string, path: string, query: string): FaultRule | undefined {
    for (const rule of this.rules) {
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      const subject = rule.matchQuery && query ? `${path}?${query}` : path;
      if (!this.patterns.get(rule)?.test(subject)) continue;
      rule.seen = (rule.seen ?? 0) + 1;
      if (rule.seen <= (rule.skip ?? 0)) continue;
      if (rule.times && (rule.fired ?? 0) >= rule.times) continue;
      rule.fired = (rule.fired ?? 0) + 1;
      return rule;
    }
    return undefined;
  }
}
