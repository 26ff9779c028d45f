import { useEffect, type MouseEvent } from 'react';
import { useT } from '../i18n/useT';
import { useAppStore } from '../state/hooks';
import type { AppState } from '../state/appState';
import { LAB_LESSONS, LESSONS, type LabLessonId } from '../state/labLessons';
import { labUrlOf, parseLabUrl } from '../state/labUrl';

const selectLesson = (s: AppState) => s.lab.lesson;
const selectHidden = (s: AppState) => s.lab.hidden.length > 0;
const selectOpenLesson = (s: AppState) => s.actions.lab.openLesson;
const selectApplyUrl = (s: AppState) => s.actions.lab.applyUrlState;
const selectShowAll = (s: AppState) => s.actions.lab.showAllPanels;

/** A lesson step's link: the lab's whole state for it, in the URL. */
export const lessonHref = (id: LabLessonId): string => labUrlOf({ lesson: id, ...LESSONS[id].settings });

/**
 * The guided lesson: one step per section of the article, each a link that puts the lab
 * in that step's state (TensorFlow-Playground style: the state is in the URL, so a step
 * can be shared, bookmarked or opened in a new tab), with one paragraph of text. Steps
 * hide the controls they do not need; "Show all controls" brings them back.
 */
export function LessonPanel() {
  const { t } = useT();
  const lesson = useAppStore(selectLesson);
  const anyHidden = useAppStore(selectHidden);
  const openLesson = useAppStore(selectOpenLesson);
  const applyUrl = useAppStore(selectApplyUrl);
  const showAll = useAppStore(selectShowAll);

  // Back and forward move between the steps the learner visited.
  useEffect(() => {
    const onPop = (): void => {
      const state = parseLabUrl(window.location.search);
      if (state) void applyUrl(state);
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [applyUrl]);

  const go = (id: LabLessonId) => (e: MouseEvent<HTMLAnchorElement>): void => {
    // A plain click stays in the page; a middle click or Ctrl+click opens the link as links do.
    if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    window.history.pushState(null, '', lessonHref(id));
    void openLesson(id);
  };
  const at = lesson ? LAB_LESSONS.indexOf(lesson) : -1;
  const prev = at > 0 ? LAB_LESSONS[at - 1] : null;
  const next = at + 1 < LAB_LESSONS.length ? LAB_LESSONS[at + 1] : null;
  return (
    <section className="lab-panel lab-lesson" aria-label={t('lab.lesson.title')} data-testid="lab-lesson" data-lesson={lesson ?? ''}>
      <div className="lab-panel-head">
        <h2>{t('lab.lesson.title')}</h2>
        <nav aria-label={t('lab.lesson.steps')}>
          <ol className="lab-lesson-steps">
            {LAB_LESSONS.map((id) => (
              <li key={id}>
                <a
                  href={lessonHref(id)}
                  className={id === lesson ? 'current' : ''}
                  aria-current={id === lesson ? 'step' : undefined}
                  data-testid={`lab-lesson-link-${id}`}
                  title={t(`lab.lesson.${id}.title`)}
                  onClick={go(id)}
                >
                  {t(`lab.lesson.${id}.section`)} {t(`lab.lesson.${id}.short`)}
                </a>
              </li>
            ))}
          </ol>
        </nav>
      </div>
      {lesson ? (
        <>
          <h3 className="lab-lesson-title" data-testid="lab-lesson-title">
            {t(`lab.lesson.${lesson}.section`)} · {t(`lab.lesson.${lesson}.title`)}
          </h3>
          <p className="lab-lesson-text" data-testid="lab-lesson-text">
            {t(`lab.lesson.${lesson}.text`)}
          </p>
          <div className="lab-buttons">
            {prev && (
              <a className="lab-lesson-nav" href={lessonHref(prev)} onClick={go(prev)} data-testid="lab-lesson-prev">
                {t('lab.lesson.prev')}
              </a>
            )}
            {next && (
              <a className="lab-lesson-nav" href={lessonHref(next)} onClick={go(next)} data-testid="lab-lesson-next">
                {t('lab.lesson.next')}
              </a>
            )}
            {anyHidden && (
              <button type="button" className="link-button" data-testid="lab-show-all" onClick={showAll}>
                {t('lab.lesson.showAll')}
              </button>
            )}
          </div>
        </>
      ) : (
        <p className="hint">{t('lab.lesson.intro')}</p>
      )}
    </section>
  );
}
