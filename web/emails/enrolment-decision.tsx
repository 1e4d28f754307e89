/** @jsxImportSource react */
import { Text } from '@react-email/components';
import type { EmailDefinition } from './definition.ts';
import { EmailLayout, textStyle } from './layout.tsx';

/** A manager's or administrator's decision on an enrolment request, with the reason when rejected. */
export const enrolmentDecisionEmail: EmailDefinition<'enrolment-decision'> = {
  subject: (data, { m }) => {
    const t = m.emails.enrolmentDecision;
    return data.decision === 'approved' ? t.subjectApproved(data.programmeName) : t.subjectRejected(data.programmeName);
  },
  element: (data, context) => {
    const { m, locale } = context;
    const t = m.emails.enrolmentDecision;
    const title = enrolmentDecisionEmail.subject(data, context);
    const lead = data.decision === 'approved' ? t.approved(data.programmeName) : t.rejected(data.programmeName);
    return (
      <EmailLayout locale={locale} m={m} title={title} preview={lead} displayName={data.displayName} action={data.link ? { label: t.button, href: data.link } : undefined}>
        <Text style={textStyle}>{lead}</Text>
        {data.cohortName ? <Text style={textStyle}>{t.cohort(data.cohortName)}</Text> : null}
        {data.reason ? (
          <Text style={textStyle}>
            <strong>{t.reasonLabel}</strong> {data.reason}
          </Text>
        ) : null}
      </EmailLayout>
    );
  },
};
