import type { APIRequestContext } from '@playwright/test';
import { limited } from '../transport/limiter';

const SENDS = new Set<string | symbol>(['fetch', 'get', 'head', 'post', 'put', 'patch', 'delete']);

/**
 * The API context an adapter hook receives: each request it sends waits for the run's limiter
 * (and the circuit breaker), like every request cloison sends itself. The rest of the context
 * (storageState, dispose) is the context's own.
 */
export function limitedApi(api: APIRequestContext): APIRequestContext {
  return new Proxy(api, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (!SENDS.has(property)) return method.bind(target);
      return (...args: unknown[]) => limited(() => method.apply(target, args) as Promise<unknown>);
    },
  });
}
