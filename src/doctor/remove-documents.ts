import { TargetError } from '../errors';
import type { Provisioned } from '../provisioning/provision';
import { sendTemplate } from '../transport/send-template';
import type { Target } from '../run/target';
import { writesAllowed } from '../settings/settings';
import { writeHeaders } from '../sign-in/login';
import { mapLimit } from '../util/concurrency';
import { MissingBindingError } from '../util/template';
import type { DoctorRow } from './rows';
import type { SignedIn } from './sign-in';

/** What the doctor uploaded is deleted again by its owner when the profile has a delete write and writes are allowed. */
export async function removeDocuments(target: Target, provisioned: Provisioned, signedIn: Map<string, SignedIn>, rows: DoctorRow[]): Promise<void> {
  const { profile } = target;
  const index = (profile.writes ?? []).findIndex((write) => write.action === 'delete' && write.object === 'piece');
  const remove = profile.writes?.[index];
  if (!remove || !writesAllowed(target.settings, target.baseURL)) return;
  const failures: string[] = [];
  await mapLimit(provisioned.documents, 4, async (document) => {
    const session = signedIn.get(document.ownerKey);
    if (!session) return;
    try {
      await sendTemplate(session.api, remove.request, document.bindings, { what: `deleting ${document.key}`, headers: await writeHeaders(session.api, profile, session.headers) });
    } catch (error) {
      if (!(error instanceof TargetError) && !(error instanceof MissingBindingError)) throw error;
      failures.push(error.message);
    }
  });
  if (failures.length > 0) rows.push({ subject: `writes[${index}] ${remove.name}`, got: failures[0] ?? '', problem: `${failures.length} document(s) the doctor uploaded could not be deleted by their owner`, field: `writes[${index}].request` });
}
