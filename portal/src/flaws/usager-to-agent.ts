import type { AgentGate } from '../access';

/**
 * FLAW usager-to-agent (CWE-285, CWE-269): the agent back office checks that someone is signed in,
 * not that they are an agent; a usager lands on the dossiers of "their" MDPH, identities included.
 */
export const usagerToAgentGate: AgentGate = (request) => request.user !== null;
