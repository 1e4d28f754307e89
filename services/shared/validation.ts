import { z } from 'zod';
import { commonErrors, type FieldError } from './errors.ts';

/** Zod issues as problem+json field errors (`body.email: Invalid email address`). */
export function fieldErrors(error: z.ZodError, prefix: string): FieldError[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
}

/** Parses a value with a schema; a failure is a 400 `request.invalid` listing every field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw commonErrors.invalidRequest(`The ${where} does not match the expected shape`, {
    errors: fieldErrors(result.error, where),
  });
}

/** Parses a JSON request body text; an empty or malformed body is a 400 with a stable code. */
export function parseJsonText(text: string): unknown {
  if (text.trim() === '') throw commonErrors.malformedJson('The request body is empty');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw commonErrors.malformedJson(error instanceof Error ? error.message : undefined);
  }
}
