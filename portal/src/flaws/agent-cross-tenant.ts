import type { DossierGuard } from '../access';

/**
 * FLAW agent-cross-tenant (CWE-863, CWE-639): the agent routes check the role (their plugin's hook)
 * but never compare the dossier's MDPH with the agent's, so any agent reaches every département.
 */
export const agentCrossTenantGuard: DossierGuard = () => true;
