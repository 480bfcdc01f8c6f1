import type { Repositories } from '../repositories';
import type { ShareLinkResolver } from '../routes/share';

/**
 * FLAW signed-link-unbound (CWE-613, CWE-639): a share link is a bearer token: the token alone
 * opens the pièce, for anyone, forever, after its creator's logout and after revocation.
 */
export function signedLinkUnboundResolver(repos: Repositories): ShareLinkResolver {
  return (_request, token) => {
    const link = repos.shareLinks.find(token);
    return link && repos.pieces.findById(link.piece_id);
  };
}
