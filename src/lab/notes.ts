/**
 * The lab's messages in the interface's language: notes from the slice (LabNote), the
 * problems the worker explains (LabProblem), and what the worker is doing while a
 * session opens. The slice and the worker keep them as data; only here do they become
 * words.
 */
import type { LabOpenProgress } from '../compute/train/labCorpus';
import type { LabProblem } from '../compute/train/labProblems';
import type { Translator } from '../i18n/translate';
import type { LabCorpusName, LabNote } from '../state/labTypes';

export function corpusNameText({ t }: Translator, c: LabCorpusName): string {
  if ('name' in c) return c.name;
  return c.kind === 'teaching' ? t('lab.corpus.teaching') : t('lab.corpus.sotu');
}

export function problemText({ t }: Translator, p: LabProblem): string {
  switch (p.code) {
    case 'notText':
      return t('lab.problem.notText', { name: p.name });
    case 'noWords':
      return t('lab.problem.noWords', { name: p.name });
    case 'tooFewWords':
      return t('lab.problem.tooFewWords', { name: p.name, words: p.words, minCount: p.minCount });
    case 'tiedTooLarge':
      return t('lab.problem.tiedTooLarge', { words: p.words, limit: p.limit });
    case 'frameTooLarge':
      return t('lab.problem.frameTooLarge', { method: p.method === 'tsne' ? 't-SNE' : 'UMAP', rows: p.rows, limit: p.limit });
  }
}

export function noteText(tr: Translator, n: LabNote): string {
  const { t } = tr;
  switch (n.kind) {
    case 'restarted':
      return t('lab.note.restarted');
    case 'truncated':
      return t('lab.note.truncated', { name: n.name, tokens: n.tokens });
    case 'minCountRaised':
      return t('lab.note.minCountRaised');
    case 'finished':
      return t('lab.note.finished', { epochs: n.epochs, steps: n.steps });
    case 'alreadyFinished':
      return t('lab.note.alreadyFinished', { epochs: n.epochs });
    case 'failed':
      return t('lab.note.failed', { what: t(`lab.task.${n.what}`), detail: n.problem ? problemText(tr, n.problem) : n.detail });
    case 'openFailed':
      return t(n.kept ? 'lab.note.openFailedKept' : 'lab.note.openFailed', { name: corpusNameText(tr, n.corpus), detail: n.problem ? problemText(tr, n.problem) : n.detail });
    case 'badParams':
      return t('lab.note.badParams', { detail: n.detail });
    case 'notInVocab':
      return t('lab.note.notInVocab', { word: n.word });
    case 'resumed':
      return n.maxDiff === null || n.maxDiff === 0 ? t('share.lab.resumed', { step: n.step }) : t('share.lab.resumedDiffers', { step: n.step, diff: n.maxDiff });
  }
}

export function progressText({ t, f }: Translator, p: LabOpenProgress | null): string {
  if (!p) return t('lab.status.preparing');
  const what =
    p.stage === 'download'
      ? t('lab.progress.download')
      : p.stage === 'read'
        ? t('lab.progress.read', { name: p.name ?? '' })
        : p.stage === 'tokenize'
          ? t('lab.progress.tokenize')
          : p.stage === 'pretrained'
            ? t('lab.progress.pretrained')
            : t('lab.progress.model');
  return p.fraction === null ? what : `${what} ${f.pct(p.fraction, 0)}`;
}
