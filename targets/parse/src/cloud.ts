import type ParseNode from 'parse/node';
import type { AccessModel, ParseFlawId } from './flaws';

type ParseSdk = typeof ParseNode;
type ParseObject = InstanceType<ParseSdk['Object']>;
type ParseUser = InstanceType<ParseSdk['User']>;
type ParseFile = InstanceType<ParseSdk['File']>;
type ParseAcl = InstanceType<ParseSdk['ACL']>;
type ParseRole = InstanceType<ParseSdk['Role']>;

/** What a trigger or function receives, as far as this Cloud Code reads it. */
interface CloudRequest {
  master?: boolean;
  user?: ParseUser;
  object?: ParseObject;
  original?: ParseObject;
  file?: ParseFile;
  params?: Record<string, unknown>;
}

/** File triggers take the Parse.File class, which the SDK's typings only accept for objects. */
interface CloudApi {
  define(name: string, handler: (request: CloudRequest) => unknown, validator?: { requireMaster?: boolean }): void;
  beforeSave(target: unknown, handler: (request: CloudRequest) => unknown): void;
  afterSave(target: unknown, handler: (request: CloudRequest) => unknown): void;
  beforeFind(target: unknown, handler: (request: CloudRequest) => unknown): void;
}

const MASTER = { useMasterKey: true } as const;

export interface CloudOptions {
  flaws: ReadonlySet<ParseFlawId>;
  model: AccessModel;
}

/**
 * The deployment's Cloud Code: provisioning functions (master key only), the Document trigger that
 * gives every document its owner's audience, and the file triggers that keep files owner-only
 * (Parse records no uploader and serves any file by URL unless told otherwise).
 */
export function cloudCode(options: CloudOptions): (Parse: ParseSdk) => void {
  return (Parse) => {
    const Cloud = Parse.Cloud as unknown as CloudApi;
    const fail = (code: number, message: string): Error => new Parse.Error(code, message);
    const pointer = (className: string, id: string): ParseObject => Parse.Object.fromJSON({ __type: 'Pointer', className, objectId: id });
    const text = (params: Record<string, unknown> | undefined, name: string): string => {
      const value = params?.[name];
      if (typeof value !== 'string' || value === '') throw fail(Parse.Error.INVALID_JSON, `${name}: expected a non-empty string`);
      return value;
    };

    const agentsRole = async (mdph: string): Promise<ParseRole> => {
      const name = `agents-${mdph}`;
      const found = await new Parse.Query(Parse.Role).equalTo('name', name).first(MASTER);
      if (found) return found;
      const role = new Parse.Role(name, new Parse.ACL());
      try {
        return await role.save(null, MASTER);
      } catch {
        // Created meanwhile by a parallel provisioning call.
        const again = await new Parse.Query(Parse.Role).equalTo('name', name).first(MASTER);
        if (!again) throw fail(Parse.Error.INTERNAL_SERVER_ERROR, `role ${name} could not be created`);
        return again;
      }
    };

    const dossierOf = async (userId: string): Promise<ParseObject> => {
      const dossier = await new Parse.Query('Dossier').equalTo('owner', pointer('_User', userId)).first(MASTER);
      if (!dossier) throw fail(Parse.Error.OBJECT_NOT_FOUND, 'no dossier for this user');
      return dossier;
    };

    /** Who may read a usager's things: the usager, their representative, their MDPH's agents. */
    const audienceOf = async (dossier: ParseObject): Promise<{ acl: ParseAcl; readers: ParseObject[] }> => {
      const owner = dossier.get('owner') as ParseObject;
      const representative = dossier.get('representative') as ParseObject | undefined;
      const mdph = dossier.get('mdph') as string;
      const acl = new Parse.ACL();
      acl.setReadAccess(owner.id ?? '', true);
      acl.setWriteAccess(owner.id ?? '', true);
      if (representative) acl.setReadAccess(representative.id ?? '', true);
      acl.setRoleReadAccess(`agents-${mdph}`, true);
      const agents = await (await agentsRole(mdph)).getUsers().query().find(MASTER);
      const readers = [owner, ...(representative ? [representative] : []), ...agents].map((user) => pointer('_User', user.id ?? ''));
      return { acl, readers };
    };

    Cloud.define(
      'provisionPerson',
      async ({ params }) => {
        const kind = text(params, 'kind');
        if (!['usager', 'representant', 'agent'].includes(kind)) throw fail(Parse.Error.INVALID_JSON, `kind: unknown ${kind}`);
        const mdph = text(params, 'mdph');
        const user = new Parse.User();
        user.set({ username: text(params, 'email'), email: text(params, 'email'), password: text(params, 'password'), prenom: text(params, 'prenom'), nom: text(params, 'nom'), kind, mdph });
        await user.signUp(null, MASTER);
        const userId = user.id ?? '';
        user.setACL(new Parse.ACL(user));
        await user.save(null, MASTER);
        if (kind === 'agent') {
          const role = await agentsRole(mdph);
          role.getUsers().add(user);
          await role.save(null, MASTER);
          return { userId };
        }
        if (kind === 'representant') {
          const dossier = await dossierOf(text(params, 'actsFor'));
          dossier.set('representative', user);
          const { acl } = await audienceOf(dossier);
          dossier.setACL(acl);
          await dossier.save(null, MASTER);
          return { userId };
        }
        const dossier = new Parse.Object('Dossier');
        dossier.set({ owner: user, holder: `${text(params, 'prenom')} ${text(params, 'nom')}`, nir: text(params, 'nir'), mdph });
        dossier.setACL((await audienceOf(dossier)).acl);
        await dossier.save(null, MASTER);
        return { userId, dossierId: dossier.id };
      },
      { requireMaster: true },
    );

    Cloud.define(
      'provisionDocument',
      async ({ params }) => {
        const owner = pointer('_User', text(params, 'ownerId'));
        const file = new Parse.File(text(params, 'fileName'), { base64: text(params, 'base64') }, text(params, 'mime'));
        await file.save(MASTER);
        const document = new Parse.Object('Document');
        document.set({ owner, dossier: await dossierOf(text(params, 'ownerId')), title: text(params, 'title'), type: text(params, 'type'), file });
        await document.save(null, MASTER);
        return { documentId: document.id, fileName: file.name() };
      },
      { requireMaster: true },
    );

    // A dossier's summary for the home page: whom it is about and its documents. A read sent as
    // POST (Cloud functions are), the dossier named in the body: it reads with the caller's session,
    // so Parse's ACLs decide and another usager's dossier is "not found".
    Cloud.define('dossierSummary', async ({ params, user }) => {
      if (!user) throw fail(Parse.Error.INVALID_SESSION_TOKEN, 'sign in first');
      // FLAW summary-master-key: written for the agents' back office with the master key, then
      // reused for usagers; with the master key no ACL is consulted, and nothing else checks.
      const read = options.flaws.has('summary-master-key') ? MASTER : { sessionToken: user.getSessionToken() ?? undefined };
      const dossier = await new Parse.Query('Dossier').get(text(params, 'dossierId'), read);
      const documents = await new Parse.Query('Document').equalTo('dossier', dossier).descending('createdAt').find(read);
      return {
        dossierId: dossier.id,
        holder: dossier.get('holder') as string,
        mdph: dossier.get('mdph') as string,
        documents: documents.map((document) => ({ documentId: document.id, title: document.get('title') as string, type: document.get('type') as string })),
      };
    });

    Cloud.beforeSave('Document', async ({ object, original, user, master }) => {
      if (!object) return;
      // First thing: a File value without a URL (`{"__type":"File","name":…}`) crashes the whole
      // server process further down, for any signed-in user (Parse Server 9, with any beforeSave).
      const file = object.get('file') as unknown;
      if (!(file instanceof Parse.File) || !file.url()) {
        // The value must not stay on the object: encoding it later is what crashes the process.
        object.unset('file');
        throw fail(Parse.Error.INVALID_VALUE, 'file: expected an uploaded Parse.File');
      }
      if (!master) {
        if (!user) throw fail(Parse.Error.OPERATION_FORBIDDEN, 'sign in first');
        if (original) {
          for (const field of ['owner', 'dossier', 'file', 'fileName', 'readers']) {
            if (object.dirty(field)) throw fail(Parse.Error.OPERATION_FORBIDDEN, `${field} cannot be changed`);
          }
          return;
        }
        object.set('owner', user);
        const own = await dossierOf(user.id ?? '');
        const claimed = object.get('dossier') as ParseObject | undefined;
        if (claimed && claimed.id !== own.id) throw fail(Parse.Error.OPERATION_FORBIDDEN, 'not your dossier');
        object.set('dossier', own);
        // Parse records no uploader: without this, anyone who learns a file name attaches it to
        // an object of their own and reads it through it.
        const upload = await new Parse.Query('FileUpload').equalTo('name', file.name()).first(MASTER);
        if ((upload?.get('uploader') as ParseObject | undefined)?.id !== user.id) throw fail(Parse.Error.OPERATION_FORBIDDEN, 'file: not uploaded by you');
      }
      object.set('fileName', file.name());
      const dossier = await new Parse.Query('Dossier').get((object.get('dossier') as ParseObject).id ?? '', MASTER);
      const { acl, readers } = await audienceOf(dossier);
      if (options.model === 'pointer') {
        // Access is the CLP's pointer permissions on `readers`; the ACL only keeps writes to the owner.
        const open = new Parse.ACL();
        open.setPublicReadAccess(true);
        open.setWriteAccess((dossier.get('owner') as ParseObject).id ?? '', true);
        object.set('readers', readers);
        object.setACL(open);
      } else if (!options.flaws.has('no-acl')) {
        object.setACL(acl);
      }
    });

    Cloud.afterSave(Parse.File, async ({ file, user }) => {
      if (!file || !user) return;
      const upload = new Parse.Object('FileUpload');
      upload.set({ name: file.name(), uploader: user });
      upload.setACL(new Parse.ACL());
      await upload.save(null, MASTER);
    });

    if (!options.flaws.has('public-files')) {
      // A file is readable by whoever may read a Document holding it, and by its uploader.
      Cloud.beforeFind(Parse.File, async ({ file, user, master }) => {
        if (master) return;
        const name = file?.name() ?? '';
        if (!user || !name) throw fail(Parse.Error.OBJECT_NOT_FOUND, 'File not found.');
        const sessionToken = user.getSessionToken() ?? undefined;
        const held = await new Parse.Query('Document').equalTo('fileName', name).first({ sessionToken });
        if (held) return;
        const upload = await new Parse.Query('FileUpload').equalTo('name', name).first(MASTER);
        if ((upload?.get('uploader') as ParseObject | undefined)?.id === user.id) return;
        throw fail(Parse.Error.OBJECT_NOT_FOUND, 'File not found.');
      });
    }
  };
}
