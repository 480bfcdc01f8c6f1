/**
 * `cloison init`: drafts a profile (format 2) from what the user already has.
 *
 *   cloison init --openapi <file|url> [--out profile.json] [--base-url <origin>] [--name <name>] [--force]
 *   cloison init --har <session.har> [--openapi …] [--user <e-mail>] [--password <password>]
 *   cloison init --record <login page URL> --user <e-mail> [--password <password>] [--openapi …]
 *   … [--answers answers.json]   the user's answers to the draft's questions, merged into it
 *
 * `--record` signs the identity in, in Chromium, crawls the UI within the start page's origin and
 * reads the recorded traffic; the recording (it holds the password and the session) never
 * leaves a private temporary folder. The password may come from CLOISON_INIT_PASSWORD instead
 * of the command line (which other users of the machine can see).
 * Writes the draft, validated as a scan would load it, and beside it `<name>.questions.md`: what
 * it could not decide (policy, roles, provisioning, login…), each with the question to answer
 * and the profile field it fills. Exit 0 written, 2 bad input (one line naming it).
 */
import { ConfigError } from '../src/errors';
import { applyAnswers, readAnswers } from '../src/init/answers';
import { draftProfile } from '../src/init/draft';
import type { Evidence } from '../src/init/endpoints';
import { readFileSync } from 'node:fs';
import { mergeEvidence } from '../src/init/endpoints';
import { evidenceFromHar, type Har } from '../src/init/har';
import { evidenceFromOpenapi, readOpenapi } from '../src/init/openapi';
import { recordSession } from '../src/init/record';
import { writeDraft } from '../src/init/write';

const OPTIONS: Record<string, boolean> = { '--openapi': true, '--har': true, '--record': true, '--user': true, '--password': true, '--out': true, '--base-url': true, '--name': true, '--answers': true, '--force': false };

interface InitArgs {
  openapi?: string;
  har?: string;
  record?: string;
  user?: string;
  password?: string;
  out: string;
  baseURL?: string;
  name?: string;
  answers?: string;
  force: boolean;
}

function parseInitArgs(argv: readonly string[]): InitArgs {
  const values: Record<string, string> = {};
  let force = false;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] as string;
    const [name = '', inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const takesValue = OPTIONS[name];
    if (takesValue === undefined) throw new ConfigError(name, `is not an option of init (accepted: ${Object.keys(OPTIONS).join(' ')})`);
    if (!takesValue) {
      force = true;
      continue;
    }
    const value = inline ?? argv[++index];
    if (value === undefined || value === '') throw new ConfigError(name, 'needs a value');
    values[name] = value;
  }
  if (!values['--openapi'] && !values['--har'] && !values['--record']) throw new ConfigError('--openapi', 'is required (an OpenAPI 3 document: file or URL), or --har, or --record');
  if (values['--har'] && values['--record']) throw new ConfigError('--record', 'and --har are two recordings: give one');
  const password = values['--password'] ?? process.env.CLOISON_INIT_PASSWORD;
  if (values['--record'] && !/^https?:\/\//.test(values['--record'])) throw new ConfigError('--record', 'must be the URL of the login page');
  if (values['--record'] && (!values['--user'] || !password)) throw new ConfigError(values['--user'] ? '--password' : '--user', 'is required with --record (the password may come from CLOISON_INIT_PASSWORD)');
  if (values['--base-url'] && !/^https?:\/\/[^/]+\/?$/.test(values['--base-url'])) throw new ConfigError('--base-url', 'must be an origin (http://host:port)');
  if (values['--name'] && !/^[a-z0-9][a-z0-9-]*$/.test(values['--name'])) throw new ConfigError('--name', 'must be [a-z0-9-]');
  return { openapi: values['--openapi'], har: values['--har'], record: values['--record'], user: values['--user'], password, out: values['--out'] ?? 'profile.json', baseURL: values['--base-url'], name: values['--name'], answers: values['--answers'], force };
}

async function main(argv: string[]): Promise<number> {
  try {
    const args = parseInitArgs(argv);
    let evidence: Evidence | undefined;
    if (args.openapi) {
      const { document, origin } = await readOpenapi(args.openapi);
      evidence = evidenceFromOpenapi(document, origin);
    }
    if (args.har || args.record) {
      let recorded;
      if (args.har) {
        let har: Har;
        try {
          har = JSON.parse(readFileSync(args.har, 'utf8')) as Har;
        } catch {
          throw new ConfigError('--har', `${args.har} cannot be read as a HAR (JSON) file`);
        }
        if (!Array.isArray(har.log?.entries)) throw new ConfigError('--har', `${args.har} has no log.entries`);
        recorded = evidenceFromHar(har, { user: args.user, password: args.password, ...(args.baseURL ? { origin: new URL(args.baseURL).origin } : {}) });
      } else {
        const { har, hints } = await recordSession({ start: args.record ?? '', user: args.user ?? '', password: args.password ?? '' });
        recorded = evidenceFromHar(har, hints);
      }
      evidence = evidence ? mergeEvidence(evidence, recorded) : recorded;
    }
    if (!evidence) throw new ConfigError('--openapi', 'is required');
    const drafted = draftProfile(evidence, { baseURL: args.baseURL, name: args.name });
    const draft = args.answers ? applyAnswers(drafted, readAnswers(args.answers)) : drafted;
    const written = writeDraft(draft, args.out, args.force);
    console.log(`cloison init: wrote ${written.profile} (${draft.profile.routes.length} routes, ${draft.profile.writes?.length ?? 0} writes) and ${written.questions} (${draft.questions.length} questions)`);
    for (const decision of draft.decisions) console.log(`  ${decision}`);
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) console.error(`cloison init: ${error.message}`);
    else console.error(`cloison init: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
