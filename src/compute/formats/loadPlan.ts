/**
 * Which of several picked files is what: given each file's name and sniffed
 * format, decide the vectors file, its metadata file, or the projector config that
 * names the others. Pure, so the pairing rules are tested without files or workers.
 */
import type { FormatId } from './sniff';

export interface PlanInput {
  readonly name: string;
  /** The sniffed (or overridden) format; null when sniffing failed. */
  readonly format: FormatId | null;
  /** A role given by the caller (URL parameters say which is which). */
  readonly role?: 'config' | 'data' | 'metadata';
}

export type LoadPlan =
  | { readonly kind: 'projector'; readonly config: number; readonly warnings: string[] }
  | { readonly kind: 'vectors'; readonly vectors: number; readonly metadata: number | null; readonly warnings: string[] }
  | { readonly kind: 'none'; readonly message: string; readonly metadataOnly?: boolean };

/** Formats that hold vectors and nothing else tabular (so a .tsv beside them is metadata). */
const PURE_VECTORS = new Set<FormatId>(['projector-tsv', 'tensor-bytes', 'npy', 'npz', 'word2vec-text', 'word2vec-binary', 'json', 'jsonl', 'parquet', 'sprout']);

const ext = (name: string): string => {
  const base = name.split(/[?#]/)[0].toLowerCase();
  const dot = base.lastIndexOf('.');
  return dot >= 0 ? base.slice(dot + 1) : '';
};

/** A file that can serve as metadata: sniffed as such, or a header table named like one. */
function metadataLike(f: PlanInput): 0 | 1 | 2 {
  if (f.role === 'metadata' || f.format === 'metadata-tsv') return 2;
  if (f.format === 'csv' && (/meta|label/i.test(baseName(f.name)) || ext(f.name) === 'tsv' || ext(f.name) === 'txt')) return 1;
  return 0;
}

export function baseName(path: string): string {
  const clean = path.split(/[?#]/)[0];
  const parts = clean.split(/[\\/]/);
  return parts[parts.length - 1] ?? clean;
}

export function planLoad(files: readonly PlanInput[]): LoadPlan {
  if (files.length === 0) return { kind: 'none', message: 'no file was given' };
  const warnings: string[] = [];
  const configs = files.map((f, i) => (f.role === 'config' || f.format === 'projector-config' ? i : -1)).filter((i) => i >= 0);
  if (configs.length > 0) {
    if (configs.length > 1) warnings.push(`several projector configs were given; using ${files[configs[0]].name}`);
    return { kind: 'projector', config: configs[0], warnings };
  }
  const byRole = files.findIndex((f) => f.role === 'data');
  let vectors = byRole;
  if (vectors < 0) {
    const candidates = files.map((_, i) => i).filter((i) => files[i].format !== null && metadataLike(files[i]) !== 2);
    const pure = candidates.filter((i) => PURE_VECTORS.has(files[i].format as FormatId));
    // A vectors-only file beside a header table: the table is its metadata.
    const plain = candidates.filter((i) => metadataLike(files[i]) === 0);
    const pick = pure.length > 0 ? pure : plain.length > 0 ? plain : candidates;
    if (pick.length === 0) {
      const bad = files.find((f) => f.format === null);
      return bad
        ? { kind: 'none', message: `could not tell the format of ${bad.name}` }
        : { kind: 'none', message: 'this looks like a metadata file (labels, no vectors); load it together with its vectors', metadataOnly: true };
    }
    vectors = pick[0];
    if (pick.length > 1) {
      return {
        kind: 'none',
        message: `several files hold vectors (${pick.map((i) => files[i].name).join(', ')}); load one at a time, together with its metadata file`,
      };
    }
  }
  const rest = files.map((_, i) => i).filter((i) => i !== vectors);
  const metas = rest.filter((i) => metadataLike(files[i]) > 0).sort((a, b) => metadataLike(files[b]) - metadataLike(files[a]));
  const metadata = metas.length > 0 ? metas[0] : null;
  for (const i of rest) if (i !== metadata) warnings.push(`${files[i].name} was not used`);
  return { kind: 'vectors', vectors, metadata, warnings };
}

/**
 * Finds the picked file a projector config names: the same path, else the same file
 * name (a config's "data/vecs.bytes" matches a picked "vecs.bytes"), ignoring case last.
 */
export function matchPath(path: string, names: readonly string[]): number {
  const exact = names.indexOf(path);
  if (exact >= 0) return exact;
  const base = baseName(path);
  const same = names.findIndex((n) => baseName(n) === base);
  if (same >= 0) return same;
  const lower = base.toLowerCase();
  return names.findIndex((n) => baseName(n).toLowerCase() === lower);
}
