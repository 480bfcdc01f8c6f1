import type { CloisonAdapter } from '../../src/adapter/types';

/**
 * Example adapter for the reference portal, used with reference-portal-adapter.json: that profile
 * declares no login API and no id lookup, so a run only works if these hooks are really called.
 * Real adapters do the same for what JSON cannot say (a login with a computed signature, ids
 * spread over several answers, an upload in two steps...).
 */
const adapter: CloisonAdapter = {
  async login({ api, person }) {
    const answer = await api.post('/api/v2/session', { data: { email: person.email, password: person.password }, failOnStatusCode: false, maxRedirects: 0 });
    if (answer.status() !== 200) throw new Error(`example adapter: signing ${person.key} in answered ${answer.status()}`);
    // A cookie session: the cookie stays in `api`, no header is needed.
    return {};
  },

  async readIds({ api, person, headers }) {
    const me = (await (await api.get('/api/v2/moi', { headers, failOnStatusCode: true })).json()) as { id: number };
    if (person.role !== 'usager') return { usagerId: me.id };
    const dossiers = (await (await api.get('/api/v2/dossiers', { headers, failOnStatusCode: true })).json()) as { id: number; numero: string }[];
    const first = dossiers[0];
    if (!first) throw new Error(`example adapter: ${person.key} has no dossier`);
    return { usagerId: me.id, dossierId: first.id, dossierNumero: first.numero };
  },
};

export default adapter;
