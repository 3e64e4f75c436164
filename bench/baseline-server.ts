// The bare baseline of issue 14 (b): Express 5 + EJS + Sequelize and nothing else — no helmet, no
// session, no cookie check, no CSRF token — serving GET /student/register as one read of a row of
// the app's own `students` table by primary key (the next student each time, so no row stays hot
// in a cache of ours) rendered with a small EJS page (bench/baseline/page.ejs: the student's name
// and a list of items as radio buttons, about the size of the app's page; the bench prints both).
// It is the floor for what a page of the app can cost on this machine and this database.
//
//   PORT=… (SQLITE_PATH=… | DATABASE_URL=mysql://…) NODE_ENV=production node dist/bench/baseline-server.js
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { DataTypes, Model, Sequelize } from 'sequelize';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

class Student extends Model {
  declare id: number;
  declare name: string;
  declare studentNo: string;
  declare className: string;
}

function connect(): Sequelize {
  const url = process.env.DATABASE_URL;
  // The same pool size as the app's (app/db/connection.ts), so neither side has more connections.
  if (url)
    return new Sequelize(url.replace(/^mariadb:/, 'mysql:'), {
      logging: false,
      dialect: 'mysql',
      pool: { max: 10, min: 0, idle: 10_000 },
    });
  return new Sequelize({ dialect: 'sqlite', storage: process.env.SQLITE_PATH, logging: false });
}

/** Ten items with two levels each: about the size of the app's page for a student who has registered. */
const ITEMS = Array.from({ length: 10 }, (_, i) => ({
  id: i + 1,
  name: `评价项目${i + 1}（计算机辅助设计 AutoCAD）`,
  admits: '校内考生、社会人员',
  levels: [4, 3],
  fee: '320.00',
}));

async function main() {
  const sequelize = connect();
  Student.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true },
      name: DataTypes.STRING,
      studentNo: DataTypes.STRING,
      className: DataTypes.STRING,
    },
    { sequelize, tableName: 'students', timestamps: false },
  );
  const ids = (await Student.findAll({ attributes: ['id'], order: [['id', 'ASC']] })).map((s) => s.id);
  if (ids.length === 0) throw new Error('the students table is empty: seed the database first');
  let next = 0;

  const app = express();
  app.set('view engine', 'ejs');
  app.set('views', path.join(ROOT, 'bench/baseline'));
  app.disable('x-powered-by');
  app.get('/student/register', async (req, res) => {
    const student = await Student.findByPk(ids[next++ % ids.length]);
    res.render('page', { student, items: ITEMS });
  });
  const server = app.listen(Number(process.env.PORT ?? 3100), process.env.HOST ?? '127.0.0.1', () =>
    console.log('baseline 已启动'),
  );
  process.on('SIGTERM', () => server.close(() => sequelize.close().then(() => process.exit(0))));
}

await main();
