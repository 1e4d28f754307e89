import type { DigCompAlignment } from '../db/schema/programmes.ts';

/**
 * The 21 competences of DigComp 2.2 (JRC128415, 2022), by code. Alignments are
 * built from this table so a programme can never carry a misspelt or invented
 * competence: an admin names the code and the proficiency level, nothing else.
 */
export const DIGCOMP_COMPETENCES = {
  '1.1': 'Browsing, searching and filtering data, information and digital content',
  '1.2': 'Evaluating data, information and digital content',
  '1.3': 'Managing data, information and digital content',
  '2.1': 'Interacting through digital technologies',
  '2.2': 'Sharing through digital technologies',
  '2.3': 'Engaging in citizenship through digital technologies',
  '2.4': 'Collaborating through digital technologies',
  '2.5': 'Netiquette',
  '2.6': 'Managing digital identity',
  '3.1': 'Developing digital content',
  '3.2': 'Integrating and re-elaborating digital content',
  '3.3': 'Copyright and licences',
  '3.4': 'Programming',
  '4.1': 'Protecting devices',
  '4.2': 'Protecting personal data and privacy',
  '4.3': 'Protecting health and well-being',
  '4.4': 'Protecting the environment',
  '5.1': 'Solving technical problems',
  '5.2': 'Identifying needs and technological responses',
  '5.3': 'Creatively using digital technologies',
  '5.4': 'Identifying digital competence gaps',
} as const;

export type DigCompCode = keyof typeof DIGCOMP_COMPETENCES;
export const DIGCOMP_CODES = Object.keys(DIGCOMP_COMPETENCES) as [DigCompCode, ...DigCompCode[]];

/** The DigComp 2.2 publication; the framework has no per-competence URLs. */
export const DIGCOMP_URL = 'https://publications.jrc.ec.europa.eu/repository/handle/JRC128415';

/** A stored alignment for a competence code and a proficiency level (1-8). */
export function digCompAlignment(code: DigCompCode, proficiencyLevel: number): DigCompAlignment {
  return { framework: 'DigComp 2.2', competence: code, name: DIGCOMP_COMPETENCES[code], url: DIGCOMP_URL, proficiencyLevel };
}
