// Login names are stored in one spelling (domain/usernames.ts). Two existing accounts that differ
// only in case or width would become one name: that stops the upgrade with their names, because
// quietly renaming one would lock its owner out.
import { QueryTypes } from 'sequelize';
import type { Migration } from '../app/db/migrator.js';
import { normalizeUsername } from '../app/domain/usernames.js';

type Row = { id: number; username: string };

export const up: Migration = async ({ sequelize }) => {
  const rows = await sequelize.query<Row>('SELECT id, username FROM users', { type: QueryTypes.SELECT });
  const byName = new Map<string, Row[]>();
  for (const row of rows)
    byName.set(normalizeUsername(row.username), [...(byName.get(normalizeUsername(row.username)) ?? []), row]);
  const clashes = [...byName.values()].filter((group) => group.length > 1);
  if (clashes.length) {
    const names = clashes.map((group) => group.map((r) => r.username).join(' / ')).join('；');
    throw new Error(
      `以下账号的用户名只差大小写或全角半角，升级后会变成同一个名字：${names}。请先把其中一个改名或停用后再升级。`,
    );
  }
  for (const row of rows) {
    const username = normalizeUsername(row.username);
    if (username !== row.username)
      await sequelize.query('UPDATE users SET username = ? WHERE id = ?', { replacements: [username, row.id] });
  }
};

export const down: Migration = async () => {};
