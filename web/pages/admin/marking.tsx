import type { Hono } from 'hono';
import { listMarkingQueue, recordOpenMarks } from '../../../services/assessments/marking.usecases.ts';
import { AppError } from '../../../services/shared/errors.ts';
import type { AppEnv } from '../../../services/shared/routes.ts';
import { TextAreaField, type FieldError } from '../components.tsx';
import { renderPage } from '../page.ts';
import { AdminPage, appErrorMessage, appErrorPage, ASSESSORS, consoleAccess, CsrfField, formatWhen, formText, InputField, trustedForm, type AdminPageContext } from './frame.tsx';

type QueuedAttempt = Awaited<ReturnType<typeof listMarkingQueue>>[number];
interface Failed { attemptId: string; errors: FieldError[]; values: Record<string, string> }

function AttemptForm({ ctx, attempt, failed }: { ctx: AdminPageContext; attempt: QueuedAttempt; failed?: Failed }) {
  const t = ctx.m.pages.admin.marking;
  const mine = failed?.attemptId === attempt.attemptId ? failed : undefined;
  const errorOf = (field: string) => mine?.errors.find((e) => e.field === field)?.message;
  const headingId = `attempt-${attempt.attemptId}`;
  return (
    <section class="section marking-attempt" aria-labelledby={headingId}>
      <h2 id={headingId}>{t.attemptTitle(attempt.learnerDisplayName, attempt.programmeCode)}</h2>
      <p class="muted">{t.submittedOn(formatWhen(ctx.locale, attempt.submittedAt))}</p>
      <form method="post" action={`/admin/marking/${attempt.attemptId}`}>
        <CsrfField ctx={ctx} />
        {attempt.openAnswers.map((answer, i) => {
          const key = `${attempt.attemptId}-${answer.questionId}`;
          return (
            <fieldset class="marking-answer">
              <legend>{t.answerNumber(i + 1)}</legend>
              <h3 class="marking-label">{t.question}</h3>
              <p class="marking-question">{answer.prompt[ctx.locale]}</p>
              <h3 class="marking-label">{t.answer}</h3>
              <blockquote class="marking-text">{answer.text || t.emptyAnswer}</blockquote>
              <InputField id={`points-${key}`} name={`points.${answer.questionId}`} type="number" min={0} max={answer.points} size="short" inputmode="numeric"
                label={t.pointsLabel(answer.points)} value={mine?.values[`points.${answer.questionId}`]} error={errorOf(`points-${key}`)} />
              <TextAreaField id={`comment-${key}`} name={`comment.${answer.questionId}`} label={t.commentLabel} rows={3} spellcheck value={mine?.values[`comment.${answer.questionId}`]} />
            </fieldset>
          );
        })}
        <button type="submit" class="button">{t.submit}</button>
      </form>
    </section>
  );
}

function MarkingPage({ ctx, queue, notice, failed }: { ctx: AdminPageContext; queue: QueuedAttempt[]; notice?: string; failed?: Failed }) {
  const t = ctx.m.pages.admin.marking;
  return (
    <AdminPage ctx={ctx} title={t.title} notice={notice} errors={failed?.errors}>
      <p>{t.intro}</p>
      {queue.length === 0 ? <p>{t.none}</p> : queue.map((attempt) => <AttemptForm ctx={ctx} attempt={attempt} failed={failed} />)}
    </AdminPage>
  );
}

/** Points given in the form, per answered open question; an empty points field skips that answer. */
function readMarks(ctx: AdminPageContext, attempt: QueuedAttempt, body: Record<string, unknown>) {
  const t = ctx.m.pages.admin.marking;
  const values: Record<string, string> = {};
  const errors: FieldError[] = [];
  const marks: Array<{ questionId: string; points: number; comment?: string }> = [];
  for (const answer of attempt.openAnswers) {
    const points = formText(body, `points.${answer.questionId}`);
    const comment = formText(body, `comment.${answer.questionId}`).slice(0, 2000);
    values[`points.${answer.questionId}`] = points;
    values[`comment.${answer.questionId}`] = comment;
    if (points === '') continue;
    const n = Number(points);
    if (!/^\d+$/.test(points) || n > answer.points) {
      errors.push({ field: `points-${attempt.attemptId}-${answer.questionId}`, message: t.badPoints(answer.points) });
      continue;
    }
    marks.push({ questionId: answer.questionId, points: n, ...(comment ? { comment } : {}) });
  }
  if (!errors.length && !marks.length && attempt.openAnswers[0]) {
    errors.push({ field: `points-${attempt.attemptId}-${attempt.openAnswers[0].questionId}`, message: t.noPoints });
  }
  return { values, errors, marks };
}

/** GET /admin/marking (the queue: question and answer as text) and POST /admin/marking/:attemptId (points and comments -> recordOpenMarks). */
export function markingPages(pages: Hono<AppEnv>): void {
  pages.get('/marking', async (c) => {
    const ctx = await consoleAccess(c, ASSESSORS);
    if (ctx instanceof Response) return ctx;
    const queue = await listMarkingQueue(c.get('deps'));
    const notice = c.req.query('marked') ? ctx.m.pages.admin.marking.saved : undefined;
    return renderPage(c, <MarkingPage ctx={ctx} queue={queue} notice={notice} />);
  });

  pages.post('/marking/:attemptId{[0-9a-f-]{36}}', async (c) => {
    const ctx = await consoleAccess(c, ASSESSORS);
    if (ctx instanceof Response) return ctx;
    const body = await trustedForm(c, ctx);
    if (body instanceof Response) return body;
    const deps = c.get('deps');
    const attemptId = c.req.param('attemptId');
    const queue = await listMarkingQueue(deps);
    const attempt = queue.find((a) => a.attemptId === attemptId);
    if (!attempt) {
      const t = ctx.m.pages.admin.errors;
      return appErrorPage(c, ctx, new AppError('assessments.not_awaiting_assessor', 409, t.conflictTitle));
    }
    const { values, errors, marks } = readMarks(ctx, attempt, body);
    if (errors.length) return renderPage(c, <MarkingPage ctx={ctx} queue={queue} failed={{ attemptId, errors, values }} />, 422);
    try {
      await recordOpenMarks(deps, { attemptId, marks, actor: ctx.person });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.status === 403 || error.status === 404) return appErrorPage(c, ctx, error);
      const field = `points-${attemptId}-${attempt.openAnswers[0]?.questionId ?? ''}`;
      const message = appErrorMessage(ctx, error).message;
      return renderPage(c, <MarkingPage ctx={ctx} queue={await listMarkingQueue(deps)} failed={{ attemptId, errors: [{ field, message }], values }} />, error.status === 409 ? 409 : 422);
    }
    return c.redirect('/admin/marking?marked=1', 303);
  });
}
