import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../errors';
import type { Profile } from '../profile/types';
import { limitedApi } from './limited-api';
import { HOOKS, type AdapterContext, type CloisonAdapter } from './types';

const cache = new Map<string, Promise<CloisonAdapter>>();

/**
 * The profile's adapter module (default export, or named export `adapter`), checked hook by hook.
 * No adapter: an empty one. A missing module or a hook of the wrong type is one ConfigError naming the field.
 */
export function loadAdapter(profile: Profile): Promise<CloisonAdapter> {
  const file = profile.adapter;
  if (!file) return Promise.resolve({});
  let loaded = cache.get(file);
  if (!loaded) {
    loaded = importAdapter(file);
    cache.set(file, loaded);
  }
  return loaded;
}

async function importAdapter(file: string): Promise<CloisonAdapter> {
  if (!existsSync(file)) throw new ConfigError('adapter', `names a module that does not exist: ${file}`);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError('adapter', `could not be loaded: ${String(error instanceof Error ? error.message : error).split('\n')[0] ?? ''}`, file);
  }
  const exported = module.default ?? module.adapter;
  if (exported === null || typeof exported !== 'object') {
    throw new ConfigError('adapter', 'must export an object of hooks (export default { login, readIds, ... })', file);
  }
  const hooks = exported as Record<string, unknown>;
  for (const name of Object.keys(hooks)) {
    if (!(HOOKS as readonly string[]).includes(name)) throw new ConfigError(`adapter.${name}`, `is not a known hook (${HOOKS.join(', ')})`, file);
    if (typeof hooks[name] !== 'function') throw new ConfigError(`adapter.${name}`, `must be a function (got ${typeof hooks[name]})`, file);
  }
  return throttled(hooks);
}

/** Every hook gets an API context whose requests go through the run's limiter (see limited-api.ts). */
function throttled(adapter: CloisonAdapter): CloisonAdapter {
  const wrapped: Record<string, unknown> = {};
  for (const [name, hook] of Object.entries(adapter) as [string, (ctx: AdapterContext) => Promise<unknown>][]) {
    wrapped[name] = (ctx: AdapterContext) => hook({ ...ctx, api: limitedApi(ctx.api) });
  }
  return wrapped;
}
