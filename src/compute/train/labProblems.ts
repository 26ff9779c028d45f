/**
 * Problems the lab explains to the learner (a file that is not text, a model too large
 * to watch …) travel from the worker as data, not as English sentences: the main thread
 * writes them in the interface's language (the lab's message catalogue). A worker error
 * keeps only its name and message across postMessage, so the problem rides in the
 * message as JSON under a name of its own.
 */

export type LabProblem =
  | { readonly code: 'notText'; readonly name: string }
  | { readonly code: 'noWords'; readonly name: string }
  | { readonly code: 'tooFewWords'; readonly name: string; readonly words: number; readonly minCount: number }
  | { readonly code: 'tiedTooLarge'; readonly words: number; readonly limit: number }
  | { readonly code: 'frameTooLarge'; readonly method: 'umap' | 'tsne'; readonly rows: number; readonly limit: number };

const NAME = 'LabProblemError';

export class LabProblemError extends Error {
  constructor(readonly problem: LabProblem) {
    super(JSON.stringify(problem));
    this.name = NAME;
  }
}

const CODES = new Set<string>(['notText', 'noWords', 'tooFewWords', 'tiedTooLarge', 'frameTooLarge']);

/** The problem an error carries (also after a trip through a worker), or null. */
export function labProblemOf(e: unknown): LabProblem | null {
  if (!(e instanceof Error) || e.name !== NAME) return null;
  if (e instanceof LabProblemError) return e.problem;
  try {
    const p = JSON.parse(e.message) as { code?: unknown };
    return typeof p === 'object' && p !== null && typeof p.code === 'string' && CODES.has(p.code) ? (p as LabProblem) : null;
  } catch {
    return null;
  }
}
