import { expect } from 'vitest';

/** A response body parsed as JSON, typed loosely for assertions. */
export async function readJson(res: Response): Promise<any> {
  return res.json();
}

/** Asserts an RFC 9457 error: the status, the problem+json media type and the stable code; returns the body. */
export async function expectProblem(res: Response, status: number, code: string): Promise<any> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const body = await readJson(res);
  expect(body.code).toBe(code);
  return body;
}
