// Data: the college's catalog from seed 004 §一(一). The notice lists the 17 computer special
// items only by example ("如：… 等"); the ten it names are seeded and the office adds the rest.
import type { Migration } from '../app/db/migrator.js';

type Row = {
  kind: 'grade' | 'special';
  name: string;
  groupName: string | null;
  levels: string;
  admitsStudents: boolean;
  admitsSocial: boolean;
};

const grade = (name: string, levels: string, admitsSocial = true): Row => ({
  kind: 'grade',
  name,
  groupName: null,
  levels,
  admitsStudents: true,
  admitsSocial,
});
// The notice sets no candidate restriction on special items.
const special = (name: string, groupName: string): Row => ({
  kind: 'special',
  name,
  groupName,
  levels: '',
  admitsStudents: true,
  admitsSocial: true,
});
const COMPUTER = '计算机专项职业能力';

export const CATALOG: Row[] = [
  grade('工业机器人系统操作员', '4'),
  grade('电子设备调试工', '5,4,3', false), // 认定对象: 校内考生 only
  grade('汽车维修工', '4,3'),
  grade('电工', '4,3'),
  grade('计算机程序设计员', '4,3'),
  grade('网络与信息安全管理员', '4,3'),
  grade('无人机装调检修工', '4,3'),
  special('计算机辅助设计AutoCAD2012(机械)', COMPUTER),
  special('Protel绘图', COMPUTER),
  special('Python应用数据挖掘', COMPUTER),
  special('数据库应用(SQL Server 2012)', COMPUTER),
  special('图形图像处理(Photoshop CS6)', COMPUTER),
  special('会计软件应用(用友系列)', COMPUTER),
  special('办公软件应用(Office)', COMPUTER),
  special('LINUX', COMPUTER),
  special('物联网系统开发', COMPUTER),
  special('网页制作(Dreamweaver 8)', COMPUTER),
  special('电商直播销售', '其它专项职业能力'),
];

export const up: Migration = async ({ queryInterface: q }) => {
  const now = new Date();
  await q.bulkInsert(
    'catalog_items',
    CATALOG.map((row, i) => ({ ...row, active: true, sortOrder: (i + 1) * 10, createdAt: now, updatedAt: now })),
  );
};

export const down: Migration = async ({ queryInterface: q }) => {
  await q.bulkDelete('catalog_items', { name: CATALOG.map((r) => r.name) });
};
