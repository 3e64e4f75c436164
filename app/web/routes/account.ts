// A staff member's own account: the address notifications go to.
import { Router } from 'express';
import { accountEmail, setAccountEmail } from '../../services/accounts/accounts.js';
import type { ServiceContext } from '../../services/context.js';
import { actorOf, requireSignedIn } from '../middleware/auth.js';
import { flash, formAction } from '../middleware/flash.js';
import { text } from '../forms/fields.js';
import { notices, titles } from '../messages/accounts.js';

export function accountRoutes(ctx: ServiceContext): Router {
  const router = Router();
  router.get('/account', requireSignedIn, async (req, res) => {
    if (req.currentUser!.role === 'student') return res.redirect(303, '/student');
    res.render('auth/account', { title: titles.accountEmail, email: await accountEmail(req.currentUser!.id) });
  });
  router.post(
    '/account/email',
    requireSignedIn,
    formAction(
      () => '/account',
      async (req, res) => {
        const email = await setAccountEmail(ctx, actorOf(req), req.currentUser!.id, text(req.body, 'email'));
        flash(req, { notice: email ? notices.emailSet(email) : notices.emailCleared });
        res.redirect(303, '/account');
      },
    ),
  );
  return router;
}
