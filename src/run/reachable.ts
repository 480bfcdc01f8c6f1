import { TargetError } from '../errors';

/** Fails fast (well under 10 s) when nothing answers at the target, saying so. */
export async function assertReachable(baseURL: string, timeoutMs = 5_000): Promise<void> {
  try {
    await fetch(baseURL, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new TargetError(`target unreachable: nothing answered at ${baseURL} within ${timeoutMs / 1000} s (${cause}). Is the portal running, and is CLOISON_BASE_URL right?`);
  }
}
