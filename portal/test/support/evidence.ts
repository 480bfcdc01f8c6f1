import { unzipSync } from 'fflate';
import type { Reply } from './client';

/**
 * Findings are sentences a reader can check: who asked what, what came back, which foreign
 * secret it held. An exploit returns the list; the secure portal must give none.
 */
export class Findings {
  readonly list: string[] = [];

  /** Records a finding when `received` holds `secret` (a marker, an e-mail, a name). */
  leak(label: string, received: Reply | string, secret: string): void {
    const text = typeof received === 'string' ? received : replyText(received);
    if (text.includes(secret)) {
      const status = typeof received === 'string' ? '' : ` → ${received.status}`;
      this.list.push(`${label}${status} holds ${secret}`);
    }
  }

  /** Records a finding when a view of the victim no longer shows what they stored. */
  lost(label: string, victimView: Reply | string, original: string): void {
    const text = typeof victimView === 'string' ? victimView : victimView.text;
    if (!text.includes(original)) {
      const status = typeof victimView === 'string' ? '' : ` → ${victimView.status}`;
      this.list.push(`${label}${status} no longer shows ${original}`);
    }
  }
}

/** Status line, headers and body of an answer, ZIP entries unpacked: everything an attacker reads. */
export function replyText(reply: Reply): string {
  const headers = [...reply.headers].map(([name, value]) => `${name}: ${value}`).join('\n');
  return `${reply.status}\n${headers}\n\n${reply.text}${isZip(reply.bytes) ? `\n${zipText(reply.bytes)}` : ''}`;
}

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** Entry names and (inflated) contents of a ZIP, latin1 so binary markers survive. */
export function zipText(bytes: Uint8Array): string {
  const entries = unzipSync(bytes);
  return Object.entries(entries)
    .map(([name, content]) => `${name}\n${Buffer.from(content).toString('latin1')}`)
    .join('\n');
}

/**
 * What a cache that obeys Cache-Control (a browser's on a shared computer, a proxy) keeps and
 * can replay after the owner left: the body, unless the answer forbids storing it.
 */
export function cacheKeeps(reply: Reply): string {
  const cacheControl = (reply.headers.get('cache-control') ?? '').toLowerCase();
  const directives = cacheControl.split(',').map((part) => part.trim());
  if (reply.status !== 200 || directives.includes('no-store')) return '';
  const storableFor = directives.some((directive) => directive === 'public' || /^(s-)?max-age=[1-9]/.test(directive));
  return storableFor ? reply.text : '';
}
