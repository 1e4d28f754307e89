// Public API of the credentials library: build, sign, verify, status lists, DIDs, contexts.
export {
  createDocumentLoader,
  DocumentLoadError,
  isKnownContext,
  KNOWN_CONTEXT_URLS,
  OB_CONTEXT_3_0_3,
  OB_EXTENSIONS_CONTEXT,
  STATUS_LIST_CONTEXT_V1,
  VC_CONTEXT_V1,
  VC_CONTEXT_V2,
  type DidWebResolver,
  type DocumentLoader,
  type DocumentLoadFailure,
  type RemoteDocument,
} from './contexts.ts';
export {
  OB_ACHIEVEMENT_CREDENTIAL_SCHEMA_URL,
  OB_SCHEMA_VALIDATOR_TYPE,
  isOpenBadgeCredential,
  validateAchievementCredential,
  type SchemaError,
} from './schema.ts';
export {
  createSigningKey,
  describePublicKey,
  generateEd25519PrivateKey,
  kekFromBase64,
  KeySealError,
  multibaseFromPublicJwk,
  publicJwkFromMultibase,
  publicKeyFromJwk,
  sealPrivateKey,
  unsealPrivateKey,
  type Ed25519PublicJwk,
  type IssuerPublicKey,
  type SigningKey,
} from './keys.ts';
export {
  buildDidDocument,
  DidFormatError,
  didKeyFromPublicKey,
  didWebFromHost,
  didWebToUrl,
  findVerificationMethod,
  JWK_METHOD_SUFFIX,
  splitDidUrl,
  type DidDocument,
  type VerificationMethod,
} from './did.ts';
export {
  achievementCredentialInput,
  buildAchievementCredential,
  createRecipientSalt,
  hashRecipientEmail,
  OB_CREDENTIAL_CONTEXTS,
  type AchievementCredential,
  type AchievementCredentialInput,
} from './builder.ts';
export {
  issuerIdOf,
  jwtKeyId,
  jwtPayloadFor,
  signCredentialDataIntegrity,
  signCredentialDataIntegrityStock,
  signCredentialJwt,
  signCredentialJwtStock,
  type DataIntegrityProofValue,
  type OpenBadgeJwtClaims,
  type SignedCredential,
} from './sign.ts';
export {
  buildStatusListCredential,
  buildStatusListEntry,
  createStatusBitstring,
  decodeStatusList,
  encodeStatusList,
  getStatusBit,
  MIN_STATUS_LIST_LENGTH,
  setStatusBit,
  type StatusListCredential,
  type StatusListEntry,
  type StatusPurpose,
} from './status-list.ts';
export { toDateTime } from './dates.ts';
export { TimeoutError, withTimeout } from './timeout.ts';
export {
  verifyCredential,
  type Check,
  type CheckName,
  type CheckStatus,
  type Outcome,
  type VerificationReport,
  type VerifyOptions,
} from './verify.ts';
export { createStatusListCache, type StatusListCache, type StatusListLoader, type VerifiedStatusList } from './verify-status.ts';
export { verifyPresentationProof, type PresentationProofResult } from './verify-presentation.ts';
export { verifyDataIntegrity, verifyDataIntegrityStock } from './verify-proof.ts';
export {
  configureFastPath,
  createFastSigner,
  currentFastSigner,
  unprovenFastPath,
  type FastSigner,
  type FastSignerOptions,
  type FastStats,
} from './fast/index.ts';
