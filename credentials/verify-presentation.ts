import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import type { DocumentLoader } from './contexts.ts';

export interface PresentationProofResult {
  verified: boolean;
  detail: string;
}

/**
 * Checks a verifiable presentation's own eddsa-rdfc-2022 proof (proofPurpose
 * authentication, with the expected challenge and domain) and its shape. The
 * credentials inside are checked separately, each by verifyCredential.
 */
export async function verifyPresentationProof(
  presentation: Record<string, unknown>,
  options: { documentLoader: DocumentLoader; challenge?: string; domain?: string },
): Promise<PresentationProofResult> {
  if (!options.challenge) return { verified: false, detail: 'a challenge is required to verify a presentation' };
  try {
    const result = await vc.verify({
      presentation,
      suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
      documentLoader: options.documentLoader,
      challenge: options.challenge,
      domain: options.domain,
      // Embedded credentials are verified one by one by the caller, status included.
      checkStatus: async () => ({ verified: true }),
    });
    const proof = (result as { presentationResult?: { verified?: boolean } }).presentationResult;
    if (proof?.verified) return { verified: true, detail: 'presentation proof verified' };
    return { verified: false, detail: messageOf((result as { error?: unknown }).error) };
  } catch (error) {
    return { verified: false, detail: messageOf(error) };
  }
}

function messageOf(error: unknown): string {
  const nested = (error as { errors?: unknown[] } | undefined)?.errors?.[0] ?? error;
  return nested instanceof Error ? nested.message : String(nested ?? 'the presentation proof does not verify');
}
