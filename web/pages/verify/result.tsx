import { raw } from 'hono/html';
import type { Check, VerificationReport } from '../../../credentials/index.ts';
import { formatDate, formatDateTime, formatNumber, LANGUAGE_TAGS, type Locale, type Messages } from '../../i18n/index.ts';
import { ExternalLink, FactList, Notice, PrintButton, Section, type Tone } from '../components.tsx';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page.ts';
import type { BadgeView, ScoreView } from './badge-view.ts';

/** Whose badge it is, as far as the page may say: a name only where the holder shared it. */
export type HolderView = { kind: 'shared'; name: string } | { kind: 'hidden' } | { kind: 'presented' };

export interface StoredLink {
  /** The public verification URL (QR code, og:url). */
  url: string;
  /** The QR code of `url`, an SVG document made by qrCodeSvg. */
  qrSvg: string;
}

export interface VerificationResultProps {
  ctx: PageContext;
  report: VerificationReport;
  badge: BadgeView;
  holder: HolderView;
  checkedAt: Date;
  /** Set for a stored badge (/verify/<id>); absent for a presented one (POST /verify). */
  link?: StoredLink;
}

const TONES: Record<VerificationReport['outcome'], Tone> = { valid: 'success', invalid: 'danger', could_not_check: 'warning' };
const SYMBOLS: Record<Check['status'], string> = { passed: '✓', failed: '✗', could_not_check: '?', not_applicable: '–' };

/** Plain-words reasons for the outcome: each failed check, else each check that could not be done. */
function reasonsFor(report: VerificationReport, t: Messages['pages']['verify']): string[] {
  if (report.outcome === 'invalid') return report.checks.filter((c) => c.status === 'failed').map((c) => t.failures[c.name]);
  if (report.outcome === 'could_not_check') return report.checks.filter((c) => c.status === 'could_not_check').map((c) => t.unchecked(t.checks[c.name]));
  return [];
}

function percent(locale: Locale, value: string): string {
  return new Intl.NumberFormat(LANGUAGE_TAGS[locale], { style: 'percent', maximumFractionDigits: 2 }).format(Number(value) / 100);
}

function scoreText(locale: Locale, score: ScoreView, value: string): string {
  if (score.percent && Number.isFinite(Number(value))) return percent(locale, value);
  return Number.isFinite(Number(value)) && value.trim() !== '' ? formatNumber(locale, Number(value)) : value;
}

function Outcome({ ctx, report, checkedAt, presented }: { ctx: PageContext; report: VerificationReport; checkedAt: Date; presented: boolean }) {
  const t = ctx.m.pages.verify;
  const reasons = reasonsFor(report, t);
  return (
    <Notice tone={TONES[report.outcome]} id="outcome">
      <h1 class="outcome__title">
        <span aria-hidden="true">{report.outcome === 'valid' ? '✓ ' : report.outcome === 'invalid' ? '✗ ' : '? '}</span>
        {t.outcome[report.outcome].title}
      </h1>
      <p>{t.outcome[report.outcome].explanation}</p>
      {reasons.length ? (
        <>
          <h2>{t.reasonsTitle}</h2>
          <ul class="outcome__reasons">
            {reasons.map((reason) => (
              <li>{reason}</li>
            ))}
          </ul>
        </>
      ) : null}
      <p>{t.checkedAt(formatDateTime(ctx.locale, checkedAt))}</p>
      {presented ? <p>{t.presentedNote}</p> : null}
    </Notice>
  );
}

function Achievement({ ctx, badge }: { ctx: PageContext; badge: BadgeView }) {
  const t = ctx.m.pages.verify;
  const { achievement } = badge;
  return (
    <Section id="achievement" title={t.achievementTitle}>
      <FactList
        facts={[
          { term: t.achievementName, value: achievement.name ?? t.unnamed, lang: achievement.name ? achievement.language : undefined },
          { term: t.level, value: achievement.level ? t.levels[achievement.level] : undefined },
          { term: t.achievementType, value: achievement.type },
          { term: t.description, value: achievement.description, lang: achievement.language },
          { term: t.criteria, value: achievement.criteria, lang: achievement.language },
        ]}
      />
      {achievement.alignments.length ? (
        <>
          <h3>{t.alignmentTitle}</h3>
          <ul class="plain-list">
            {achievement.alignments.map((a) => (
              <li>
                {a.code ? <span class="mono">{a.code} </span> : null}
                {a.url ? <ExternalLink href={a.url}>{a.name}</ExternalLink> : a.name}
                {a.proficiency ? ` (${t.proficiency(a.proficiency)})` : null}
                {a.framework ? <span class="muted"> · {a.framework}</span> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Section>
  );
}

function Holder({ ctx, holder }: { ctx: PageContext; holder: HolderView }) {
  const t = ctx.m.pages.verify;
  return (
    <Section id="holder" title={t.holderTitle}>
      {holder.kind === 'shared' ? (
        <FactList facts={[{ term: t.holderName, value: holder.name }]} />
      ) : (
        <p>{holder.kind === 'hidden' ? t.holderHidden : t.holderNotShownPresented}</p>
      )}
    </Section>
  );
}

function Scores({ ctx, badge }: { ctx: PageContext; badge: BadgeView }) {
  const t = ctx.m.pages.verify;
  if (badge.scores.length === 0) return null;
  return (
    <Section id="result" title={t.scoreTitle}>
      <FactList
        facts={badge.scores.flatMap((score) => [
          { term: score.name ?? t.score, value: scoreText(ctx.locale, score, score.value) },
          ...(score.passMark ? [{ term: t.passMark, value: scoreText(ctx.locale, score, score.passMark) }] : []),
        ])}
      />
    </Section>
  );
}

function Issuer({ ctx, badge }: { ctx: PageContext; badge: BadgeView }) {
  const t = ctx.m.pages.verify;
  return (
    <Section id="issuer" title={t.issuerTitle}>
      <FactList
        facts={[
          { term: t.issuerName, value: badge.issuer.name },
          { term: t.issuerWebsite, value: badge.issuer.url ? <ExternalLink href={badge.issuer.url} /> : undefined },
          { term: t.issuerDid, value: badge.issuer.did ? <span class="mono">{badge.issuer.did}</span> : undefined },
        ]}
      />
    </Section>
  );
}

function Dates({ ctx, badge }: { ctx: PageContext; badge: BadgeView }) {
  const t = ctx.m.pages.verify;
  return (
    <Section id="dates" title={t.datesTitle}>
      <FactList
        facts={[
          { term: t.issuedOn, value: badge.issuedOn ? <time datetime={badge.issuedOn}>{formatDate(ctx.locale, badge.issuedOn)}</time> : undefined },
          { term: t.validUntil, value: badge.validUntil ? <time datetime={badge.validUntil}>{formatDate(ctx.locale, badge.validUntil)}</time> : t.noEndDate },
        ]}
      />
    </Section>
  );
}

function Checks({ ctx, report }: { ctx: PageContext; report: VerificationReport }) {
  const t = ctx.m.pages.verify;
  return (
    <Section id="checks" title={t.checksTitle}>
      <ul class="checks">
        {report.checks.map((check) => (
          <li data-check={check.name} data-status={check.status}>
            <span class="check__name">{t.checks[check.name]}</span>
            <span class={`check__status check__status--${check.status}`}>
              <span aria-hidden="true">{SYMBOLS[check.status]} </span>
              {t.statuses[check.status]}
            </span>
            {check.status === 'failed' ? <p class="check__detail">{t.failures[check.name]}</p> : null}
            {check.detail ? (
              <p class="check__detail">
                {t.technicalDetail}: <span lang="en">{check.detail}</span>
              </p>
            ) : null}
          </li>
        ))}
      </ul>
      {report.format ? <p class="muted">{t.format}: {t.formats[report.format]}</p> : null}
    </Section>
  );
}

function Link({ ctx, link }: { ctx: PageContext; link: StoredLink }) {
  const t = ctx.m.pages.verify;
  return (
    <Section id="link" title={t.qrTitle}>
      <figure class="qr">
        <div class="qr__code" role="img" aria-label={t.qrLabel}>
          {raw(link.qrSvg)}
        </div>
        <figcaption>
          <p>{t.qrHint}</p>
          <p class="mono">
            <a href={link.url}>{link.url}</a>
          </p>
        </figcaption>
      </figure>
    </Section>
  );
}

/** The result of a verification, outcome first in plain words, then what the badge says and every check. */
export function VerificationResultPage({ ctx, report, badge, holder, checkedAt, link }: VerificationResultProps) {
  const t = ctx.m.pages.verify;
  const achievementName = badge.achievement.name ?? t.unnamed;
  const issuerName = badge.issuer.name ?? badge.issuer.did ?? '?';
  const preview = link ? { title: t.meta.title(achievementName), description: t.meta[report.outcome](issuerName), url: link.url } : undefined;
  return (
    <Layout ctx={ctx} title={`${t.outcome[report.outcome].title}: ${achievementName}`} description={preview?.description} preview={preview} noindex>
      <p class="eyebrow">{t.resultTitle}</p>
      <Outcome ctx={ctx} report={report} checkedAt={checkedAt} presented={!link} />
      <Achievement ctx={ctx} badge={badge} />
      <Holder ctx={ctx} holder={holder} />
      <Scores ctx={ctx} badge={badge} />
      <Issuer ctx={ctx} badge={badge} />
      <Dates ctx={ctx} badge={badge} />
      <Checks ctx={ctx} report={report} />
      {link ? <Link ctx={ctx} link={link} /> : null}
      <div class="actions no-print">
        <PrintButton label={t.print} />
        {link ? <a href={`${ctx.url.pathname}?print=1`}>{t.printView}</a> : null}
        <a href="/verify">{t.verifyAnother}</a>
      </div>
    </Layout>
  );
}
