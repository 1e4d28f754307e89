/** @jsxImportSource react */
import { Text } from '@react-email/components';
import { formatNumber } from '../i18n/index.ts';
import type { EmailDefinition } from './definition.ts';
import { EmailLayout, textStyle } from './layout.tsx';

/** The outcome of a marked assessment attempt, with the score against the pass mark. */
export const assessmentResultEmail: EmailDefinition<'assessment-result'> = {
  subject: (data, { m }) => {
    const t = m.emails.assessmentResult;
    return data.outcome === 'passed' ? t.subjectPassed(data.programmeName) : t.subjectFailed(data.programmeName);
  },
  element: (data, context) => {
    const { m, locale } = context;
    const t = m.emails.assessmentResult;
    const lead = data.outcome === 'passed' ? t.passed(data.programmeName) : t.failed(data.programmeName);
    const n = (value: number) => formatNumber(locale, value);
    const attempts = data.outcome === 'failed' && data.attemptsLeft !== undefined ? (data.attemptsLeft > 0 ? t.attemptsLeft(data.attemptsLeft) : t.noAttemptsLeft) : null;
    return (
      <EmailLayout locale={locale} m={m} title={assessmentResultEmail.subject(data, context)} preview={lead} displayName={data.displayName}>
        <Text style={textStyle}>{lead}</Text>
        <Text style={textStyle}>{t.score(n(data.score), n(data.maxScore), n(data.passMark))}</Text>
        {attempts ? <Text style={textStyle}>{attempts}</Text> : null}
      </EmailLayout>
    );
  },
};
