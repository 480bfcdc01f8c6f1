import type { PlannedProbe } from '../probes/probe-order';

/** What a token probe's plan needs of its route. */
export interface TokenRoute {
  name: string;
  path: string;
}

/**
 * One way of presenting a person's token on one of their routes, as the budget sees it. Each way is
 * a coverage unit of its own for this person. A tampered copy is covered on its first route: a
 * signature is checked where the session is read, for every route alike. A token in the URL is
 * covered on every route (`perRoute`): reading a token from the query is one handler's doing (a
 * download a page links to), the others' refusal says nothing of it.
 */
export function tokenProbe(key: string, role: string, vector: string, route: TokenRoute, depth: number, perRoute: boolean): PlannedProbe {
  return {
    key: `tokens|${key}|${vector}|${route.name}`,
    family: 'tokens',
    route: route.path,
    action: 'tokens',
    relationship: role,
    vector,
    depth,
    rank: 0,
    unit: `tokens ${key} ${vector}${perRoute ? ` ${route.name}` : ''}`,
  };
}
