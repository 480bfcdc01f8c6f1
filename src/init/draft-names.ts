/** A parameter's name as a binding (`case_id` → `caseId`, `X-Usager-Id` → `xUsagerId`). */
export function bindingName(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const joined = words.map((word, index) => (index === 0 ? word.charAt(0).toLowerCase() + word.slice(1) : word.charAt(0).toUpperCase() + word.slice(1))).join('');
  return /^[A-Za-z]/.test(joined) ? joined : `v${joined}`;
}

/** A path whose placeholders are renamed as bindings. */
export function renameParams(path: string): string {
  return path.replace(/\{([^}]+)\}/g, (_match, name: string) => `{${bindingName(name)}}`);
}

export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
