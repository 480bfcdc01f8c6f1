/**
 * The request as the server saw it (URL and body), percent- and plus-decoded: a marker found here
 * was sent by the requester itself, so an answer that repeats it ("Résultats pour …", "dossier …
 * introuvable") has learned nothing from anyone.
 */
export function echoableText(request: { url: string; body?: string }): string {
  let text = `${request.url}\n${request.body ?? ''}`;
  for (let round = 0; round < 2; round++) {
    try {
      text = decodeURIComponent(text.replace(/\+/g, ' '));
    } catch {
      break;
    }
  }
  return text;
}
