/** A response body parsed as JSON, typed loosely for assertions. */
export async function readJson(res: Response): Promise<any> {
  return res.json();
}
