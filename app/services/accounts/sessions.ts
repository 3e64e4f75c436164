// Ending an account's sessions: after a password change (all but the one that changed it) and after
// a reset (all of them), so whoever knew the old password is signed out everywhere.
import { Op, type Transaction } from 'sequelize';
import { Session } from '../../models/index.js';

export async function endSessionsOf(
  userId: number,
  t: Transaction,
  keepSessionId: string | null = null,
): Promise<void> {
  const where = keepSessionId ? { userId, sid: { [Op.ne]: keepSessionId } } : { userId };
  await Session.destroy({ where, transaction: t });
}
