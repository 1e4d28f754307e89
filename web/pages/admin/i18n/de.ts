import { adminEn, type AdminMessages } from './en.ts';

/** The admin console's messages in de (to be translated: English for now). */
export const adminDe: AdminMessages = adminEn;
