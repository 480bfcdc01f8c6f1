/**
 * ZIP archives (bulk exports, and .docx/.xlsx/.odt, which are zips too). Entry names matter as
 * much as contents: an export of someone else's dossier often shows itself by its file names.
 */
import { unzipSync, type UnzipFileInfo } from 'fflate';
import type { ScanBudget } from './budget';

export interface ZipListing {
  /** Every entry name in the central directory, including entries not extracted. */
  names: string[];
  /** Extracted file entries (directories excluded). */
  entries: { name: string; data: Uint8Array }[];
  /** False when the archive could not be read at all (the caller then scans the plain bytes). */
  readable: boolean;
}

/** Stored (0) and deflate (8) are what fflate can read; the rest would throw for the whole zip. */
const READABLE_METHODS = new Set([0, 8]);

export function readZip(bytes: Uint8Array, budget: ScanBudget): ZipListing {
  const infos: UnzipFileInfo[] = [];
  try {
    // First pass reads the directory only: names are evidence even for entries we will skip.
    unzipSync(bytes, { filter: (info) => (infos.push(info), false) });
  } catch {
    budget.note('zip: unreadable central directory, scanned as plain bytes');
    return { names: [], entries: [], readable: false };
  }

  const wanted = new Set<string>();
  let declared = 0;
  for (const info of infos) {
    if (info.name.endsWith('/')) continue;
    if (wanted.size >= budget.limits.maxZipEntries) {
      budget.cut(`zip: more than ${budget.limits.maxZipEntries} entries`);
      break;
    }
    if (!READABLE_METHODS.has(info.compression)) {
      budget.cut(`zip: ${info.name} uses compression method ${info.compression}`);
      continue;
    }
    // fflate allocates the declared size and never writes past it, so declared sizes bound the
    // work even when a bomb lies about them.
    if (declared + info.originalSize > budget.remaining()) {
      budget.cut(`zip: ${info.name} (${info.originalSize} bytes) exceeds the inflate budget`);
      continue;
    }
    declared += info.originalSize;
    wanted.add(info.name);
  }

  const names = infos.map((info) => info.name);
  const entries = extract(bytes, wanted, budget);
  budget.take(entries.reduce((n, e) => n + e.data.byteLength, 0), 'zip entries');
  return { names, entries, readable: true };
}

function extract(bytes: Uint8Array, wanted: Set<string>, budget: ScanBudget): ZipListing['entries'] {
  try {
    const files = unzipSync(bytes, { filter: (info) => wanted.has(info.name) });
    return Object.entries(files).map(([name, data]) => ({ name, data }));
  } catch {
    // One corrupt or encrypted entry makes fflate give up on the whole archive: retry one entry
    // at a time (bounded: broken archives are rare, and each retry re-reads the directory).
    const entries: ZipListing['entries'] = [];
    let tries = 0;
    for (const name of wanted) {
      if (++tries > 200) {
        budget.cut('zip: too many entries to retry one by one');
        break;
      }
      try {
        const one = unzipSync(bytes, { filter: (info) => info.name === name })[name];
        if (one) entries.push({ name, data: one });
      } catch {
        budget.cut(`zip: ${name} could not be extracted`);
      }
    }
    return entries;
  }
}
