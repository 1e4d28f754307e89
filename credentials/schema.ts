import { readFileSync } from 'node:fs';
import { Ajv2019, type ErrorObject, type ValidateFunction } from 'ajv/dist/2019.js';
import ajvFormats from 'ajv-formats';

/** The `credentialSchema.id` OB 3.0 credentials declare (DESIGN.md, "Credentials"). */
export const OB_ACHIEVEMENT_CREDENTIAL_SCHEMA_URL =
  'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';
export const OB_SCHEMA_VALIDATOR_TYPE = '1EdTechJsonSchemaValidator2019';

export interface SchemaError {
  /** JSON pointer to the offending value ('' for the root). */
  path: string;
  message: string;
}

// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the
// whole module object, whose callable is either itself or its `.default`.
type FormatsPlugin = (ajv: Ajv2019) => unknown;
const addFormats: FormatsPlugin =
  (ajvFormats as unknown as { default?: FormatsPlugin }).default ?? (ajvFormats as unknown as FormatsPlugin);

let validator: ValidateFunction | undefined;

function achievementCredentialValidator(): ValidateFunction {
  if (validator) return validator;
  // A copy of the 1EdTech schema (draft 2019-09) shipped with the library, read once.
  const schemaText = readFileSync(new URL('./schemas/ob_v3p0_achievementcredential_schema.json', import.meta.url), 'utf8');
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  addFormats(ajv);
  validator = ajv.compile(JSON.parse(schemaText) as object);
  return validator;
}

/**
 * Validates a credential against the OB 3.0 AchievementCredential JSON schema.
 * Returns an empty list when it conforms.
 */
export function validateAchievementCredential(credential: unknown): SchemaError[] {
  const validate = achievementCredentialValidator();
  if (validate(credential)) return [];
  return (validate.errors ?? []).map(describeError);
}

function describeError(error: ErrorObject): SchemaError {
  const params = error.params as Record<string, unknown>;
  const detail = params.additionalProperty ? ` ("${String(params.additionalProperty)}")` : '';
  return { path: error.instancePath, message: `${error.message ?? 'is invalid'}${detail}` };
}

/** Whether a credential claims to be an Open Badge (and so must match the OB schema). */
export function isOpenBadgeCredential(credential: { type?: unknown }): boolean {
  const types = Array.isArray(credential.type) ? credential.type : [credential.type];
  return types.includes('OpenBadgeCredential') || types.includes('AchievementCredential');
}
