import type { Config } from '../config.ts';
import { publicBaseUrl } from '../shared/urls.ts';

/** The stable id of a programme's achievement: what a badge certifies, the same for every holder. */
export function achievementIdFor(config: Pick<Config, 'PUBLIC_URL' | 'HOST' | 'PORT' | 'TLS_CERT_FILE'>, programmeCode: string): string {
  return `${publicBaseUrl(config)}/achievements/${programmeCode}`;
}
