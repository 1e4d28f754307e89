/**
 * The process-wide fast path that signCredentialDataIntegrity and verifyDataIntegrity use.
 * Off switch and mismatch reporting are the caller's (credentials/ reads no configuration).
 */
import { createFastSigner, type FastSigner, type FastSignerOptions } from './engine.ts';
import { installedVersions, provenVersions, unprovenVersions } from './versions.ts';

let enabled = true;
let signer: FastSigner = createFastSigner(defaults());

// Proven against other library versions than the installed ones: stock path only (versions.ts).
const unproven = unprovenVersions(installedVersions(), provenVersions());
if (unproven.length > 0) {
  process.emitWarning(`the eddsa-rdfc-2022 fast path is off: it was not proven against the installed libraries (${unproven.join('; ')}); rerun tests/credentials/fast-equivalence.test.ts and update credentials/fast/proven-versions.json`, {
    code: 'BREVET_FAST_DI_UNPROVEN',
  });
}

/** Why the fast path is off whatever the configuration (library versions it was not proven with); empty when proven. */
export function unprovenFastPath(): readonly string[] {
  return unproven;
}

function defaults(): FastSignerOptions {
  return {
    sampleRate: 0.001,
    onMismatch: (report) => {
      // Never expected; the shape is already disabled. Loud, with what a bug report needs.
      process.emitWarning(`eddsa-rdfc-2022 fast path differed from the stock path on a sampled ${report.operation} (shape disabled)`, {
        code: 'BREVET_FAST_DI_MISMATCH',
        detail: JSON.stringify(report).slice(0, 20_000),
      });
    },
  };
}

/** The fast path in use, or undefined when it is switched off. */
export function currentFastSigner(): FastSigner | undefined {
  return enabled && unproven.length === 0 ? signer : undefined;
}

/**
 * Turns the fast path on or off, or replaces it (e.g. with another sample rate or a logger of
 * mismatches). Off, every credential takes the stock path; so does every credential while the
 * installed libraries are not the proven ones (unprovenFastPath).
 */
export function configureFastPath(options: { enabled?: boolean } & FastSignerOptions = {}): FastSigner {
  const { enabled: on, ...rest } = options;
  if (on !== undefined) enabled = on;
  if (Object.keys(rest).length > 0) signer = createFastSigner({ ...defaults(), ...rest });
  return signer;
}
