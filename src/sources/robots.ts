/** A robots.txt, read for one user agent: the rules of its own group, else the `*` group. */
export interface RobotsRules {
  allows(url: string): boolean;
}

interface Rule {
  allow: boolean;
  path: string;
}

function matches(rulePath: string, path: string): boolean {
  // '*' matches any run of characters and a trailing '$' anchors the end, as Google and the RFC 9309 read them.
  const anchored = rulePath.endsWith('$');
  const body = anchored ? rulePath.slice(0, -1) : rulePath;
  const pattern = body.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${pattern}${anchored ? '$' : ''}`).test(path);
}

/** Parses robots.txt (RFC 9309) for `agent` (matched case-insensitively as a product token, e.g. "Brief"). */
export function parseRobots(text: string, agent: string): RobotsRules {
  const groups: Array<{ agents: string[]; rules: Rule[] }> = [];
  let current: { agents: string[]; rules: Rule[] } | null = null;
  let lastWasAgent = false;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/#.*$/, '').trim();
    const match = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(line);
    if (!match) continue;
    const field = (match[1] ?? '').toLowerCase();
    const value = (match[2] ?? '').trim();
    if (field === 'user-agent') {
      if (!current || !lastWasAgent) {
        current = { agents: [], rules: [] };
        groups.push(current);
      }
      current.agents.push(value.toLowerCase());
      lastWasAgent = true;
      continue;
    }
    lastWasAgent = false;
    if (!current) continue;
    if (field === 'allow' || field === 'disallow') {
      // An empty Disallow allows everything; it adds no rule.
      if (value !== '') current.rules.push({ allow: field === 'allow', path: value });
    }
  }
  const name = agent.toLowerCase();
  const own = groups.filter((group) => group.agents.some((a) => a !== '*' && name.startsWith(a)));
  const chosen = own.length > 0 ? own : groups.filter((group) => group.agents.includes('*'));
  const rules = chosen.flatMap((group) => group.rules);
  return {
    allows(url: string): boolean {
      let path: string;
      try {
        const parsed = new URL(url);
        path = parsed.pathname + parsed.search;
      } catch {
        return false;
      }
      if (path === '/robots.txt') return true;
      // The longest matching rule wins; on a tie, Allow.
      let best: Rule | null = null;
      for (const rule of rules) {
        if (!matches(rule.path, path)) continue;
        if (!best || rule.path.length > best.path.length || (rule.path.length === best.path.length && rule.allow)) best = rule;
      }
      return best ? best.allow : true;
    },
  };
}

/** Everything allowed (robots.txt missing) or nothing (the server failed, so its wishes are unknown). */
export const allowAll: RobotsRules = { allows: () => true };
export const allowNone: RobotsRules = { allows: () => false };
