import { judge } from '../oracle/judge';
import type { Exchange, ExchangeSink, ProbeContext, ResponseScanner, SentRequest } from './exchange';

const TEXT_LIMIT = 256 * 1024;

/** Who receives the answers being judged: the identity's name, whose data it may see, and where foreign evidence goes. */
export interface Receiver {
  name: string;
  scanner: ResponseScanner;
  visibleOwners: ReadonlySet<string>;
  sink: ExchangeSink | undefined;
  /**
   * True when the requests were someone else's (the browser history the next user of a computer
   * walks back through): nothing in them was sent by the receiver, so no marker is its echo.
   */
  replaysOthers?: boolean;
}

/**
 * Every answer, API or browser, goes through here: the oracle scans it, the judgement says whose
 * evidence it holds, and a leak or an answer not read whole is handed to the sink.
 * `unread`: what the transport could not hand over (a body not received in time), reported as the oracle's cuts are.
 */
export function judgeAnswer(receiver: Receiver, context: ProbeContext, request: SentRequest, status: number, headers: Record<string, string>, body: Buffer, unread: readonly string[] = []): Exchange {
  const contentType = headers['content-type'];
  const scan = receiver.scanner.scan({ body, headers, contentType });
  const judgement = judge({ scan, maySee: (owner) => receiver.visibleOwners.has(owner), request: receiver.replaysOthers ? { url: '' } : request });
  const { evidence, foreign } = judgement;
  const unscanned = [...unread, ...judgement.unscanned];
  // Decoded on first read: most answers are judged and dropped without anyone reading their text.
  let text: string | undefined;
  const exchange: Exchange = {
    identity: receiver.name,
    context,
    request,
    status,
    headers,
    contentType,
    get text(): string {
      return (text ??= body.subarray(0, TEXT_LIMIT).toString('utf8'));
    },
    set text(value: string) {
      text = value;
    },
    body,
    evidence,
    foreign,
    unscanned,
  };
  if (foreign.length > 0) receiver.sink?.leak(exchange);
  if (unscanned.length > 0) receiver.sink?.unscanned(exchange);
  return exchange;
}
