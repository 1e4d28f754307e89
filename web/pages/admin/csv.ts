import type { Context } from 'hono';
import type { AppEnv } from '../../../services/shared/routes.ts';

/**
 * CSV for spreadsheets: every field quoted (inner quotes doubled), CRLF line ends, a
 * UTF-8 byte order mark so Excel reads accents. A cell that a spreadsheet would run as
 * a formula (starting with = + - @, or a tab or carriage return that hides one) gets a
 * leading apostrophe: exported names and reasons are typed by other people.
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function csvDocument(header: string[], rows: unknown[][]): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** Sends a CSV download (never cached: it holds personal data). */
export function csvResponse(c: Context<AppEnv>, filename: string, body: string): Response {
  return c.body(body, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
}
