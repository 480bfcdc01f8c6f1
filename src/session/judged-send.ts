import type { RequestTemplate } from '../profile/types';
import type { RunContext } from '../run/context';
import { acceptAnswer, sendUnchecked, type SendOptions, type SentTemplate, type TemplateChannel } from '../transport/send-template';
import type { Bindings } from '../util/template';
import type { ExchangeSink, ProbeContext, ResponseScanner } from './exchange';
import { judgeAnswer, type Receiver } from './judge-answer';

/** Whose answer a template's is, and the probe a finding on it names. */
export interface JudgedAs {
  receiver: Receiver;
  context: ProbeContext;
  baseURL: string;
}

/** A person receiving an answer: their own data is no leak (the check judges it), anyone else's is handed to `sink`. */
export function personReceiver(run: RunContext, key: string, { scanner, sink }: { scanner: ResponseScanner; sink: ExchangeSink | undefined }): Receiver {
  return { name: key, scanner, visibleOwners: run.policy.visibleOwners(key), sink };
}

/**
 * Sends a template and judges its answer as `as.receiver`'s before holding it to the template:
 * a refused request is still a TargetError, but a refusal page carrying someone else's data is a
 * leak first. The sink drafts its findings when the test ends, after the caller has registered the
 * secrets the answer gave (a session token), so none shows in a finding.
 */
export async function sendJudged(channel: TemplateChannel, template: RequestTemplate, bindings: Bindings, options: SendOptions, as: JudgedAs): Promise<SentTemplate> {
  const sent = await sendUnchecked(channel, template, bindings, options);
  // The request's headers carry the session and the CSRF token: the finding shows the route alone.
  const request = { method: sent.method, url: new URL(sent.path, as.baseURL).toString(), headers: {} };
  judgeAnswer(as.receiver, as.context, request, sent.response.status(), sent.response.headers(), await sent.response.body());
  return { response: sent.response, captured: await acceptAnswer(sent, template, options) };
}
