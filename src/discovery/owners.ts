/**
 * Whose UI is crawled. Two owners towards whom every other identity stands in the same relations
 * (same-MDPH usager, representative, other MDPH's agent…) put the portal's authorisation to the
 * same test; crawling one of them per class keeps discovery fast on a large population without
 * losing a relationship.
 */
export function oneOwnerPerClass(owners: readonly string[], identities: readonly (string | undefined)[], relationship: (requester: string | undefined, owner: string) => string): string[] {
  const chosen = new Map<string, string>();
  for (const owner of owners) {
    const signature = [...new Set(identities.filter((key) => key !== owner).map((key) => relationship(key, owner)))].sort().join(',');
    if (!chosen.has(signature)) chosen.set(signature, owner);
  }
  return [...chosen.values()];
}
