// Errors carry a domain reason; the web edge picks the HTTP status from it (web/middleware/errors).
export type Reason =
  | 'invalid' // the input breaks a rule; the message says which and how to fix it
  | 'bad-request' // a value no form of ours can produce (tampered or stale page): refused, not re-offered
  | 'not-found'
  | 'forbidden'
  | 'conflict' // the input is valid but clashes with what is stored
  | 'unauthenticated';

export class AppError extends Error {
  constructor(
    readonly reason: Reason,
    message: string,
    readonly details: string[] = [],
    readonly field: string | null = null, // the form field the refusal concerns, to show it beside
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const invalid = (message: string, details: string[] = [], field: string | null = null) =>
  new AppError('invalid', message, details, field);
export const badRequest = (message: string) => new AppError('bad-request', message);
export const notFound = (message: string) => new AppError('not-found', message);
export const forbidden = (message: string) => new AppError('forbidden', message);
export const conflict = (message: string) => new AppError('conflict', message);
