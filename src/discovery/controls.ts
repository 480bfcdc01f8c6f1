/**
 * Which controls a crawler may use. It acts as a real person whose session the whole run needs:
 * signing out or deleting would destroy the very state every later check relies on.
 */

// Words (French and English) of controls that end a session or destroy data, in labels and URLs.
const DESTRUCTIVE =
  /(log[-_ ]?out|log[-_ ]?off|sign[-_ ]?out|d[ée]connexion|d[ée]connecter|disconnect|delete|supprim|remove|retirer|destroy|effacer|revoke|r[ée]voquer|d[ée]sactiv|deactivate|annuler|cancel|reset|r[ée]initialis)/i;

export interface Control {
  kind: 'link' | 'form';
  /** `GET` for links and GET forms; the form's method otherwise. */
  method: string;
  url: string;
  /** Visible label (link text, form content, button value). */
  text: string;
}

export function isDestructive(control: Pick<Control, 'text' | 'url'>): boolean {
  let path = control.url;
  try {
    path = decodeURIComponent(new URL(control.url, 'http://origin.invalid').pathname + new URL(control.url, 'http://origin.invalid').search);
  } catch {
    // A malformed URL is judged as written.
  }
  return DESTRUCTIVE.test(control.text) || DESTRUCTIVE.test(path);
}

/** What the crawler does with a control: follow it, only note it (an unsafe form), or leave it alone. */
export function decide(control: Control, origin: string): 'follow' | 'note' | 'skip' {
  let url: URL;
  try {
    url = new URL(control.url);
  } catch {
    return 'skip';
  }
  if (url.origin !== origin || !/^https?:$/.test(url.protocol)) return 'skip';
  if (isDestructive(control)) return 'skip';
  return control.method === 'GET' || control.method === 'HEAD' ? 'follow' : 'note';
}

/**
 * Runs in the page: links, navigation buttons and forms (a GET form becomes the URL its submit
 * would load, with the default values of its fields). A string, so no bundler helper leaks in.
 */
export const COLLECT_CONTROLS = `(() => {
  const out = [];
  const label = (el) => ((el.textContent || '') + ' ' + (el.getAttribute('aria-label') || '') + ' ' + (el.getAttribute('title') || '')).replace(/\\s+/g, ' ').trim().slice(0, 120);
  const absolute = (value) => { try { return new URL(value, location.href).href; } catch { return ''; } };
  for (const el of document.querySelectorAll('a[href], area[href]')) out.push({ kind: 'link', method: 'GET', url: absolute(el.getAttribute('href')), text: label(el) });
  for (const el of document.querySelectorAll('[data-href], [data-url], [data-link]')) {
    out.push({ kind: 'link', method: 'GET', url: absolute(el.getAttribute('data-href') || el.getAttribute('data-url') || el.getAttribute('data-link')), text: label(el) });
  }
  for (const form of document.querySelectorAll('form')) {
    const method = (form.getAttribute('method') || 'GET').toUpperCase();
    const action = new URL(form.getAttribute('action') || location.href, location.href);
    const buttons = [...form.querySelectorAll('button, input[type=submit]')].map((b) => b.value || b.textContent || '').join(' ');
    if (method === 'GET') {
      for (const [name, value] of new FormData(form)) if (typeof value === 'string') action.searchParams.set(name, value);
    }
    out.push({ kind: 'form', method, url: action.href, text: (label(form) + ' ' + buttons).slice(0, 160) });
  }
  return out;
})()`;
