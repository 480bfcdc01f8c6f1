/**
 * Where a catalog flaw's findings can appear: the flaw matrix runs flaws whose footprints are
 * disjoint in one scan, and credits a finding to the one flaw whose footprint holds it. Declared in
 * each catalog entry (`footprint`); a flaw without one always runs alone. A footprint is a product:
 * a finding is inside when its route is one of `routes` AND its check one of `checks`.
 */
import { isKnownCheck, isKnownFamily } from '../checks/check-ids';
import { normalizeRouteTemplate } from '../findings/finding';

export interface Footprint {
  /**
   * The route templates the flaw opens, as the profile spells them (a method prefix and the
   * placeholders' names are ignored: `GET /pieces/{id}` is `/pieces/{pieceId}`), or `*`: any route,
   * for a flaw whose effect is not bound to routes (a cookie flag, a cache, a write).
   */
  routes: readonly string[];
  /** The check families (`objects`) or checks (`sessions/logout`) that can fire on them, or `*`. */
  checks: readonly string[];
}

/** What the matrix reads of a finding to place it. */
export interface PlacedFinding {
  check: string;
  routeTemplate?: string;
}

const ANY = '*';

/** `GET /a/{x}?q=1` → `/a/{}`: the route's path, whatever method and placeholder names. */
export function routePath(template: string): string {
  const normalized = normalizeRouteTemplate(template);
  const path = /^[A-Z]+ (.*)$/.exec(normalized)?.[1] ?? normalized;
  // A substitution finding names its swapped position after the route: `/x/{} [cookie:name={}]`.
  return (path.split(' [')[0] ?? path).split('?')[0] ?? path;
}

function routeMatches(pattern: string, route: string | undefined): boolean {
  return pattern === ANY || (route !== undefined && routePath(pattern) === routePath(route));
}

function checkMatches(pattern: string, check: string): boolean {
  return pattern === ANY || pattern === check || check.startsWith(`${pattern}/`);
}

export function inFootprint(footprint: Footprint, finding: PlacedFinding): boolean {
  return footprint.routes.some((route) => routeMatches(route, finding.routeTemplate)) && footprint.checks.some((check) => checkMatches(check, finding.check));
}

function routesOverlap(a: string, b: string): boolean {
  return a === ANY || b === ANY || routePath(a) === routePath(b);
}

function checksOverlap(a: string, b: string): boolean {
  return checkMatches(a, b) || checkMatches(b, a);
}

/** True when some finding could lie in both: then no finding of either can be told apart. */
export function footprintsOverlap(a: Footprint, b: Footprint): boolean {
  return a.routes.some((ra) => b.routes.some((rb) => routesOverlap(ra, rb))) && a.checks.some((ca) => b.checks.some((cb) => checksOverlap(ca, cb)));
}

/** One line per mistake in a flaw's footprint (the matrix refuses the catalog, exit 2). */
export function footprintProblems(flaw: { checks: readonly string[]; footprint?: Footprint }): string[] {
  const footprint = flaw.footprint;
  if (!footprint) return [];
  const problems: string[] = [];
  if (footprint.routes.length === 0) problems.push('footprint.routes is empty: name the routes it opens, or "*"');
  if (footprint.checks.length === 0) problems.push('footprint.checks is empty: name the families or checks that fire, or "*"');
  for (const check of footprint.checks) {
    if (check !== ANY && !isKnownFamily(check) && !isKnownCheck(check)) problems.push(`footprint check "${check}" is neither a check family nor a check cloison reports`);
  }
  // A check the flaw must fire outside its own footprint could never be credited to it in a group.
  for (const check of flaw.checks) {
    if (!footprint.checks.some((pattern) => checkMatches(pattern, check))) problems.push(`its check "${check}" is outside its footprint's checks`);
  }
  return problems;
}

/**
 * Flaws in groups of at most `maxSize` whose footprints are pairwise disjoint. The flaws that
 * overlap the most others are placed first (greedy colouring: a wide flaw takes the few partners
 * it has before narrow ones use them up), each in the smallest group it fits, so groups come out
 * even; ties keep catalog order, so the same catalog always gives the same groups. A flaw without
 * a footprint is a group of its own.
 */
export function groupFlaws<T extends { footprint?: Footprint }>(flaws: readonly T[], maxSize: number): T[][] {
  const clashes = (flaw: T): number => (flaw.footprint ? flaws.filter((other) => other !== flaw && (!other.footprint || footprintsOverlap(other.footprint, flaw.footprint as Footprint))).length : flaws.length);
  const degree = new Map(flaws.map((flaw) => [flaw, clashes(flaw)]));
  const ordered = [...flaws].sort((a, b) => (degree.get(b) ?? 0) - (degree.get(a) ?? 0));
  const groups: T[][] = [];
  for (const flaw of ordered) {
    const footprint = flaw.footprint;
    const fits = footprint && maxSize > 1 ? groups.filter((group) => group.length < maxSize && group.every((member) => member.footprint !== undefined && !footprintsOverlap(member.footprint, footprint))) : [];
    const home = fits.reduce<T[] | undefined>((best, group) => (best === undefined || group.length < best.length ? group : best), undefined);
    if (home) home.push(flaw);
    else groups.push([flaw]);
  }
  // Members back in catalog order: a group's name and its rows read as the catalog does.
  return groups.map((group) => [...group].sort((a, b) => flaws.indexOf(a) - flaws.indexOf(b)));
}

export interface Attribution<F extends PlacedFinding> {
  /** Flaw id → the findings only it explains. */
  byFlaw: Map<string, F[]>;
  /** Findings no flaw of the group explains: something else fired, the group's run proves nothing. */
  outside: F[];
  /** Findings two flaws explain (footprints that overlap: never grouped, so a catalog error). */
  ambiguous: F[];
}

export function attribute<F extends PlacedFinding>(group: readonly { id: string; footprint?: Footprint }[], findings: readonly F[]): Attribution<F> {
  const byFlaw = new Map<string, F[]>(group.map((flaw) => [flaw.id, []]));
  const outside: F[] = [];
  const ambiguous: F[] = [];
  for (const finding of findings) {
    const owners = group.filter((flaw) => flaw.footprint !== undefined && inFootprint(flaw.footprint, finding));
    if (owners.length === 0) outside.push(finding);
    else if (owners.length > 1) ambiguous.push(finding);
    else byFlaw.get(owners[0]?.id ?? '')?.push(finding);
  }
  return { byFlaw, outside, ambiguous };
}

/** `objects/view on /pieces/{}` (×3): the shape of findings, for a note. */
export function describeFindings(findings: readonly PlacedFinding[], max = 4): string {
  const counts = new Map<string, number>();
  for (const finding of findings) {
    const key = `${finding.check} on ${finding.routeTemplate ? routePath(finding.routeTemplate) : '(no route)'}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const shapes = [...counts].map(([key, count]) => (count > 1 ? `${key} (×${count})` : key));
  return shapes.length > max ? `${shapes.slice(0, max).join(', ')} and ${shapes.length - max} more` : shapes.join(', ');
}
