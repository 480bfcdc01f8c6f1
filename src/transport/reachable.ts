import { TargetError } from '../errors';
import { limited } from './limiter';

/** Fails fast (well under 10 s) when nothing answers at the target, saying so. */
export async function assertReachable(baseURL: string, timeoutMs = 5_000): Promise<void> {
  try {
    await limited(() => fetch(baseURL, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) }));
  } catch (error) {
    // fetch wraps the socket error, sometimes as an AggregateError (IPv4 and IPv6 both refused).
    const cause = (error as { cause?: { code?: string; message?: string; errors?: { code?: string }[] } }).cause;
    const reason = cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message ?? (error as Error).name;
    throw new TargetError(`target unreachable: nothing answered at ${baseURL} within ${timeoutMs / 1000} s (${reason}). Is the portal running, and is CLOISON_BASE_URL right?`);
  }
}
