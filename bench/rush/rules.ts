// After the rush, the database itself is asked whether the two-item rule held (seed 004: at most two
// items per student per batch, never two 等级认定 items, never the same item twice), and whether it
// agrees with what the students were told: everyone shown 报名成功 has their two items on file.
// Plain SQL on a connection of its own: no models, so the suite's process can use it too.
import type { SeedTarget } from './seed.js';

export type RuleCheck = {
  activeRegistrations: number;
  studentsRegistered: number;
  /** Students with exactly one grade and one special item: what every student of the rush chose. */
  studentsComplete: number;
  overTwo: number;
  twoGrades: number;
  sameItemTwice: number;
};

type Row = { items: number | string; grades: number | string; distinctItems: number | string };

export async function checkRules(target: SeedTarget, batchId: number): Promise<RuleCheck> {
  const { createSequelize } = await import('../../app/db/connection.js');
  const sequelize = createSequelize({
    databaseUrl: target.databaseUrl,
    sqlitePath: target.sqlitePath,
    logSql: false,
    countSql: false,
  });
  try {
    const [rows] = (await sequelize.query(
      `SELECT COUNT(*) AS items, SUM(CASE WHEN kind = 'grade' THEN 1 ELSE 0 END) AS grades, COUNT(DISTINCT catalogItemId) AS distinctItems
         FROM registrations WHERE batchId = :batchId AND status = 'active' GROUP BY studentId`,
      { replacements: { batchId } },
    )) as [Row[], unknown];
    const counted = rows.map((r) => ({
      items: Number(r.items),
      grades: Number(r.grades),
      distinct: Number(r.distinctItems),
    }));
    return {
      activeRegistrations: counted.reduce((sum, r) => sum + r.items, 0),
      studentsRegistered: counted.length,
      studentsComplete: counted.filter((r) => r.items === 2 && r.grades === 1).length,
      overTwo: counted.filter((r) => r.items > 2).length,
      twoGrades: counted.filter((r) => r.grades > 1).length,
      sameItemTwice: counted.filter((r) => r.distinct < r.items).length,
    };
  } finally {
    await sequelize.close();
  }
}

export const ruleViolations = (check: RuleCheck) => check.overTwo + check.twoGrades + check.sameItemTwice;
