/**
 * Errors carry a stable dotted code (`enrolments.cohort_full`) and an HTTP
 * status; the app's one error handler turns them into RFC 9457 problem+json.
 */
export interface FieldError {
  path: string;
  message: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: string,
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }
}

/** Builds a factory for one error code, so modules declare their errors once. */
export function defineError(code: string, status: number, title: string) {
  return (detail?: string, extras: { errors?: FieldError[]; extensions?: Record<string, unknown> } = {}) =>
    new AppError(code, status, title, detail, extras.errors, extras.extensions);
}

export const problemTypeBase = 'https://brevet.dev/problems/';

/** The problem+json body for an AppError. */
export function toProblem(error: AppError, instance?: string): ProblemDetails {
  return {
    type: `${problemTypeBase}${error.code}`,
    title: error.title,
    status: error.status,
    code: error.code,
    ...(error.detail ? { detail: error.detail } : {}),
    ...(instance ? { instance } : {}),
    ...(error.errors?.length ? { errors: error.errors } : {}),
    ...error.extensions,
  };
}

export const commonErrors = {
  invalidRequest: defineError('request.invalid', 400, 'The request is not valid'),
  malformedJson: defineError('request.malformed_json', 400, 'The request body is not valid JSON'),
  unsupportedMediaType: defineError('request.unsupported_media_type', 415, 'Unsupported media type'),
  payloadTooLarge: defineError('request.too_large', 413, 'The request body is too large'),
  unauthenticated: defineError('auth.unauthenticated', 401, 'Authentication is required'),
  forbidden: defineError('auth.forbidden', 403, 'You are not allowed to do this'),
  notFound: defineError('route.not_found', 404, 'Not found'),
  methodNotAllowed: defineError('route.method_not_allowed', 405, 'Method not allowed'),
  rateLimited: defineError('request.rate_limited', 429, 'Too many requests'),
  internal: defineError('internal', 500, 'Internal server error'),
};
