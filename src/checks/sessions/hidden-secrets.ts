import { isSensitiveField } from '../../findings/redact';

const INPUT = /<input\b[^>]*>/gi;
const ATTRIBUTE = (name: string): RegExp => new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i');

/**
 * Values of form fields that hold credentials (`_csrf`, `token`…) in a page: a page a finding
 * shows carries the CSRF token of the session that received it, which the redactor must know.
 */
export function hiddenSecrets(html: string): string[] {
  const secrets: string[] = [];
  for (const [input] of html.matchAll(INPUT)) {
    const name = ATTRIBUTE('name').exec(input);
    const value = ATTRIBUTE('value').exec(input);
    const field = name?.[1] ?? name?.[2] ?? name?.[3];
    const secret = value?.[1] ?? value?.[2] ?? value?.[3];
    if (field && secret && isSensitiveField(field)) secrets.push(secret);
  }
  return secrets;
}
