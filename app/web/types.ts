// What the web layer keeps in the session and hangs on the request.
import type { Actor } from '../services/context.js';
import type { Role } from '../models/user.js';
import type { OwnStudent } from '../services/students.js';

export type Flash = {
  error?: string;
  details?: string[];
  field?: string | null;
  notice?: string;
  secret?: string;
  form?: Record<string, unknown>;
};

export type CurrentUser = {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  departmentId: number | null;
  departmentName: string | null;
  mustChangePassword: boolean;
  student: OwnStudent | null; // a student's own record, read with the account (one statement per request)
};

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
