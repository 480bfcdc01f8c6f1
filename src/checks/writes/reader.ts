import { TargetError } from '../../errors';
import type { Profile, RouteSpec } from '../../profile/types';
import type { Exchange, ProbeContext } from '../../session/exchange';
import type { Identity } from '../../session/identity';
import { placeholdersOf, type Bindings } from '../../util/template';
import { routeCall } from '../../profile/route';

/**
 * How the write checks look at a dossier afterwards: through the profile's own list and download
 * routes, as someone who may read it. Only API routes: the proof is the bytes and the list answer.
 */
export interface DossierReader {
  list: RouteSpec;
  download: RouteSpec;
}

/**
 * The list route of one dossier (or, lacking one, the caller's own list) and a download route of
 * one pièce whose ids are all known right after an upload (the pièce id and the dossier's ids).
 */
export function readerOf(profile: Profile, personBindingNames: readonly string[]): DossierReader {
  const apiRoutes = profile.routes.filter((route) => route.channel === 'api' && !route.roles);
  const list =
    apiRoutes.find((route) => route.action === 'list' && route.object === 'dossier') ??
    apiRoutes.find((route) => route.action === 'list' && route.object === 'self' && placeholdersOf(route.path).length === 0);
  const known = new Set([...personBindingNames, profile.ids.piece]);
  const download = apiRoutes.find(
    (route) => route.action === 'download' && route.object === 'piece' && placeholdersOf(route.path).every((name) => known.has(name)),
  );
  if (!list || !download) {
    throw new TargetError(
      `profile ${profile.name}: the write checks verify a victim's pièces through an API list route (dossier or self) and an API ` +
        `download route addressed by the pièce id; missing: ${[!list && 'list', !download && 'download'].filter(Boolean).join(', ')}`,
    );
  }
  return { list, download };
}

export async function listDossier(reader: DossierReader, identity: Identity, context: ProbeContext, dossier: Bindings): Promise<Exchange> {
  return identity.request({ ...context, routeTemplate: reader.list.path }, routeCall(reader.list, dossier));
}

export async function downloadPiece(reader: DossierReader, identity: Identity, context: ProbeContext, piece: Bindings): Promise<Exchange> {
  return identity.request({ ...context, routeTemplate: reader.download.path }, routeCall(reader.download, piece));
}
