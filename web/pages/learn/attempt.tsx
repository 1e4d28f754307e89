import type { Context } from 'hono';
import { getAttempt } from '../../../services/assessments/attempts.usecases.ts';
import type { SubmittedAnswer } from '../../../services/db/schema/assessments.ts';
import type { AppEnv } from '../../../services/shared/routes.ts';
import { formatNumber, LANGUAGE_TAGS } from '../../i18n/index.ts';
import { FactList, Notice, Section, type FieldError } from '../components.tsx';
import { CsrfField } from '../sign-in/sign-in.views.tsx';
import { LearnLayout, type LearnerContext } from './shell.tsx';

export type AttemptData = Awaited<ReturnType<typeof getAttempt>>;
type Question = AttemptData['questions'][number];
/** What the learner chose or wrote, per question id (kept when the form comes back with errors). */
export type GivenAnswers = Map<string, string[]>;

const MAX_OPEN_ANSWER = 5000;

/** The answers as the submission use case takes them, or the unanswered questions (each an error linking to its field). */
export function readAnswers(lc: LearnerContext, questions: Question[], body: Record<string, unknown>): { given: GivenAnswers; answers: SubmittedAnswer[]; errors: FieldError[] } {
  const given: GivenAnswers = new Map();
  const answers: SubmittedAnswer[] = [];
  const errors: FieldError[] = [];
  questions.forEach((q, index) => {
    const raw = body[`q-${q.id}`];
    const values = ([] as unknown[]).concat(raw ?? []).filter((v): v is string => typeof v === 'string');
    if (q.type === 'open') {
      const text = (values[0] ?? '').trim().slice(0, MAX_OPEN_ANSWER);
      given.set(q.id, [text]);
      if (text) answers.push({ questionId: q.id, text });
      else errors.push({ field: fieldId(q), message: lc.ctx.m.pages.learn.errors.unanswered(index + 1) });
      return;
    }
    const known = new Set(q.options.map((o) => o.id));
    const chosen = [...new Set(values)].filter((v) => known.has(v));
    const kept = q.type === 'single' ? chosen.slice(0, 1) : chosen;
    given.set(q.id, kept);
    if (kept.length) answers.push({ questionId: q.id, optionIds: kept });
    else errors.push({ field: fieldId(q), message: lc.ctx.m.pages.learn.errors.unanswered(index + 1) });
  });
  return { given, answers, errors };
}

/** The control an error links to: the text area, or a choice question's first option. */
function fieldId(q: Question): string {
  return q.type === 'open' ? `q-${q.id}` : `q-${q.id}-${q.options[0]?.id ?? ''}`;
}

function QuestionField({ lc, q, index, total, given, error }: { lc: LearnerContext; q: Question; index: number; total: number; given?: string[]; error?: string }) {
  const t = lc.ctx.m.pages.learn;
  const locale = lc.ctx.locale;
  const legendId = `q-${q.id}-legend`;
  const promptId = `q-${q.id}-prompt`;
  const hintId = `q-${q.id}-hint`;
  const errorId = `q-${q.id}-error`;
  const described = [promptId, hintId, error ? errorId : ''].filter(Boolean).join(' ');
  if (q.type === 'open') {
    return (
      <div class={error ? 'question field field--error' : 'question field'}>
        <h2 class="question__title" id={legendId}>{`${t.questionTitle(index + 1, total)} (${t.points(q.points)})`}</h2>
        <p class="question__prompt" id={promptId}>{q.prompt[locale]}</p>
        <label for={`q-${q.id}`}>{t.yourAnswer}</label>
        {error ? <span class="field__error" id={errorId}>{error}</span> : null}
        <textarea id={`q-${q.id}`} name={`q-${q.id}`} class="prose" rows={6} maxlength={MAX_OPEN_ANSWER} aria-describedby={[promptId, error ? errorId : ''].filter(Boolean).join(' ')} aria-invalid={error ? 'true' : undefined}>
          {given?.[0] ?? ''}
        </textarea>
      </div>
    );
  }
  const type = q.type === 'single' ? 'radio' : 'checkbox';
  return (
    <fieldset class={error ? 'question field--error' : 'question'} aria-describedby={described}>
      <legend id={legendId}>{`${t.questionTitle(index + 1, total)} (${t.points(q.points)})`}</legend>
      <p class="question__prompt" id={promptId}>{q.prompt[locale]}</p>
      <p class="field__hint" id={hintId}>{q.type === 'single' ? t.chooseOne : t.chooseMany}</p>
      {error ? <p class="field__error" id={errorId}>{error}</p> : null}
      {q.options.map((o) => {
        const id = `q-${q.id}-${o.id}`;
        return (
          <div class="choice">
            <input type={type} id={id} name={`q-${q.id}`} value={o.id} checked={given?.includes(o.id) ?? false} />
            <label for={id}>{o.text[locale]}</label>
          </div>
        );
      })}
    </fieldset>
  );
}

function pct(lc: LearnerContext, value: number): string {
  return new Intl.NumberFormat(LANGUAGE_TAGS[lc.ctx.locale], { style: 'percent', maximumFractionDigits: 2 }).format(value / 100);
}

function Result({ lc, data }: { lc: LearnerContext; data: AttemptData }) {
  const t = lc.ctx.m.pages.learn;
  const result = data.result;
  if (!result) {
    return (
      <Notice tone="info">
        <h2>{t.pendingTitle}</h2>
        <p>{t.pending}</p>
        <p><a href={`/learn/enrolments/${data.enrolmentId}/attempts/${data.id}`}>{t.refresh}</a></p>
      </Notice>
    );
  }
  const locale = lc.ctx.locale;
  return (
    <Notice tone={result.passed ? 'success' : 'danger'}>
      <h2>{t.resultTitle}: {result.passed ? t.resultPassed : t.resultFailed}</h2>
      <p>{t.score(formatNumber(locale, result.scorePoints), formatNumber(locale, result.maxPoints), pct(lc, result.scorePercent))}</p>
      <p>{t.passMark(pct(lc, result.passMarkPercent))}</p>
      {!result.passed ? <p>{data.attemptsLeft > 0 ? t.attemptsLeft(data.attemptsLeft) : t.noAttemptsLeft}</p> : null}
    </Notice>
  );
}

function AnswersGiven({ lc, data }: { lc: LearnerContext; data: AttemptData }) {
  const t = lc.ctx.m.pages.learn;
  const locale = lc.ctx.locale;
  const byQuestion = new Map((data.answers ?? []).map((a) => [a.questionId, a]));
  return (
    <Section id="answers" title={t.yourAnswers}>
      <FactList
        facts={data.questions.map((q, i) => {
          const answer = byQuestion.get(q.id);
          const value = !answer ? t.notAnswered : 'text' in answer ? answer.text : answer.optionIds.map((id) => q.options.find((o) => o.id === id)?.text[locale] ?? id).join(' · ');
          return { term: `${t.questionTitle(i + 1, data.questions.length)}: ${q.prompt[locale]}`, value };
        })}
      />
    </Section>
  );
}

/** GET /learn/enrolments/<id>/attempts/<attemptId>: the questions to answer, or what was sent and the result once marked. */
export function AttemptPage({ lc, data, given, errors = [], notice }: { lc: LearnerContext; data: AttemptData; given?: GivenAnswers; errors?: FieldError[]; notice?: string }) {
  const t = lc.ctx.m.pages.learn;
  const title = t.attemptTitle(data.number);
  const back = `/learn/enrolments/${data.enrolmentId}`;
  return (
    <LearnLayout lc={lc} title={title} section="home" errors={errors} notice={notice}>
      <h1>{title}</h1>
      {data.status === 'started' ? (
        <>
          <p>{t.attemptIntro}</p>
          <form method="post" action={`${back}/attempts/${data.id}`} novalidate>
            <CsrfField token={lc.csrf} />
            {data.questions.map((q, i) => (
              <QuestionField lc={lc} q={q} index={i} total={data.questions.length} given={given?.get(q.id)} error={errors.find((e) => e.field === fieldId(q))?.message} />
            ))}
            <button type="submit" class="button">{t.submitAttempt}</button>
          </form>
        </>
      ) : (
        <>
          <Result lc={lc} data={data} />
          <AnswersGiven lc={lc} data={data} />
        </>
      )}
      <p class="actions">
        <a href={back}>{t.backToEnrolment}</a>
      </p>
    </LearnLayout>
  );
}

export async function loadAttempt(c: Context<AppEnv>, lc: LearnerContext, enrolmentId: string, attemptId: string) {
  return getAttempt(c.get('deps'), { enrolmentId, attemptId, principal: lc.person });
}
