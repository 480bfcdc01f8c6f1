import type { FastifyRequest } from 'fastify';
import { userOf } from '../access';
import type { User } from '../model';
import type { PieceListHandler } from '../routes/api-pieces';
import type { AuditLog } from '../storage/audit';

/**
 * FLAW request-state-race (CWE-488, CWE-362): the handler keeps "the current user" in module state,
 * as if one request ran at a time. The audit write yields to the event loop; another request sets
 * the variable meanwhile, and the query runs for that other user.
 */
let currentUser: User | undefined;

export function requestStateRaceHandler(audit: AuditLog, answer: (user: User, request: FastifyRequest) => unknown): PieceListHandler {
  return async (request) => {
    currentUser = userOf(request);
    await audit.record({ userId: currentUser.id, action: 'pieces.list' });
    return answer(currentUser, request);
  };
}
