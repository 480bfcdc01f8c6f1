import { request, type Browser } from '@playwright/test';
import type { CloisonAdapter } from '../adapter/types';
import type { Profile } from '../profile/types';
import type { SeededLedger } from '../run/seeded';
import { provisionFromAccounts } from './as-owner';
import type { RunPopulation } from './population';
import { provisionThroughApi, type Provisioned } from './provision';
import { provisionThroughUi } from './ui';

export interface ProvisionOptions {
  baseURL: string;
  profile: Profile;
  population: RunPopulation;
  adapter: CloisonAdapter;
  env: NodeJS.ProcessEnv;
  /** Where each object is recorded as soon as the target created it (see run/seeded.ts). */
  ledger: SeededLedger;
  /** Launches Chromium; only the `ui` mode asks for it. */
  browser: () => Promise<Browser>;
}

/** Creates (or, for pre-provisioned accounts, completes) the population in the target, by the profile's mode. */
export async function provisionPopulation(options: ProvisionOptions): Promise<Provisioned> {
  const { baseURL, profile, population, adapter } = options;
  switch (profile.provisioning.mode) {
    case 'api': {
      const api = await request.newContext({ baseURL });
      try {
        return await provisionThroughApi(api, profile, population, options.env, { adapter, baseURL, ledger: options.ledger });
      } finally {
        await api.dispose();
      }
    }
    case 'accounts':
      return provisionFromAccounts(baseURL, profile, population, adapter, options.ledger);
    case 'ui':
      return provisionThroughUi(baseURL, profile, population, adapter, await options.browser(), options.ledger);
  }
}
