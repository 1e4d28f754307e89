import type { Locale } from '../db/schema/foundation.ts';

/**
 * What a badge certifies, in words, in the holder's language: the criteria narrative
 * an employer reads on the badge. Built from the programme version's requirements.
 */
export function criteriaNarrative(locale: Locale, r: { modules: number; webinars: number; passMark: number; weeks: number | null }): string {
  const hours = r.modules * 2;
  switch (locale) {
    case 'fr':
      return [
        `Suivre les ${r.modules} modules en ligne (${hours} heures)`,
        r.webinars ? `participer à ${r.webinars} webinaires distincts en petit groupe` : null,
        r.weeks ? `dans une cohorte de ${r.weeks} semaines` : null,
        `et réussir le test certifiant avec au moins ${r.passMark} %.`,
      ].filter(Boolean).join(', ');
    case 'nl':
      return [
        `De ${r.modules} online modules volgen (${hours} uur)`,
        r.webinars ? `deelnemen aan ${r.webinars} verschillende webinars in kleine groep` : null,
        r.weeks ? `binnen een cohorte van ${r.weeks} weken` : null,
        `en slagen voor de certificeringstest met minstens ${r.passMark}%.`,
      ].filter(Boolean).join(', ');
    case 'de':
      return [
        `Die ${r.modules} Online-Module absolvieren (${hours} Stunden)`,
        r.webinars ? `an ${r.webinars} verschiedenen Webinaren in Kleingruppen teilnehmen` : null,
        r.weeks ? `innerhalb einer Kohorte von ${r.weeks} Wochen` : null,
        `und den Zertifizierungstest mit mindestens ${r.passMark} % bestehen.`,
      ].filter(Boolean).join(', ');
    default:
      return [
        `Complete the ${r.modules} online modules (${hours} hours)`,
        r.webinars ? `attend ${r.webinars} distinct small-group webinars` : null,
        r.weeks ? `within an ${r.weeks}-week cohort` : null,
        `and pass the certifying test with at least ${r.passMark}%.`,
      ].filter(Boolean).join(', ');
  }
}

const EVIDENCE_NAMES: Record<Locale, { modules: string; webinars: string; assessment: string; renews: string }> = {
  fr: { modules: 'Modules suivis', webinars: 'Webinaires suivis', assessment: 'Test certifiant réussi', renews: 'Renouvelle le brevet' },
  nl: { modules: 'Gevolgde modules', webinars: 'Gevolgde webinars', assessment: 'Geslaagd voor de certificeringstest', renews: 'Vernieuwt het brevet' },
  de: { modules: 'Absolvierte Module', webinars: 'Besuchte Webinare', assessment: 'Bestandener Zertifizierungstest', renews: 'Erneuert das Zertifikat' },
  en: { modules: 'Modules completed', webinars: 'Webinars attended', assessment: 'Certifying test passed', renews: 'Renews the certificate' },
};

export function evidenceNames(locale: Locale) {
  return EVIDENCE_NAMES[locale];
}
