// What the web layer keeps in the session and hangs on the request.
import type { Actor } from '../services/context.js';
import type { SignedInUser } from '../services/accounts/signed-in-user.js';

export type Flash = {
  error?: string;
  details?: string[];
  field?: string | null;
  notice?: string;
  secret?: string;
  form?: Record<string, unknown>;
};

export type CurrentUser = SignedInUser;

declare module 'express-session' {
  interface SessionData {
    userId: number;
    loginAt: number;
    flash: Flash;
    pendingImports: Partial<
      Record<
        'students' | 'registrations' | 'fees',
        { token: string; file: string; originalName: string; userId: number }
      >
    >;
  }
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      actor?: Actor;
      currentUser?: CurrentUser;
    }
  }
}
