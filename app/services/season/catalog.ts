// The catalog of items (seed 004 §一): grade occupations with their levels and candidate types,
// and special items. Seeded by a migration; the office edits it here. Items are deactivated, not deleted.
import { conflict, invalid, notFound } from '../../domain/errors.js';
import type { ItemKind } from '../../domain/fees.js';
import { formatLevels, parseLevels } from '../../domain/levels.js';
import { CatalogItem } from '../../models/index.js';
import { recordAudit } from '../audit.js';
import { transaction, type Actor, type ServiceContext } from '../context.js';
import { requiredText } from '../../domain/required-text.js';

export const messages = {
  kind: '项目类别只能是“职业技能等级认定”或“专项职业能力”',
  name: '项目名称不能为空，且不超过 80 个字',
  levels: '等级认定项目至少要选一个级别',
  admits: '至少允许一类考生（校内考生或社会人员）',
  taken: (name: string) => `目录中已有“${name}”`,
  missing: '找不到这个项目',
};

export type CatalogInput = {
  kind: ItemKind;
  name: string;
  groupName: string;
  levels: string[];
  admitsStudents: boolean;
  admitsSocial: boolean;
  active: boolean;
  sortOrder: number;
};

function normalise(input: CatalogInput) {
  if (input.kind !== 'grade' && input.kind !== 'special') throw invalid(messages.kind);
  const name = requiredText(input.name, 80, messages.name);
  let levels = '';
  if (input.kind === 'grade') {
    let parsed: ReturnType<typeof parseLevels>;
    try {
      parsed = parseLevels(input.levels.join(','));
    } catch {
      throw invalid(messages.levels);
    }
    if (parsed.length === 0) throw invalid(messages.levels);
    levels = formatLevels(parsed);
  }
  if (!input.admitsStudents && !input.admitsSocial) throw invalid(messages.admits);
  return {
    kind: input.kind,
    name,
    groupName: input.groupName.trim() || null,
    levels,
    admitsStudents: input.admitsStudents,
    admitsSocial: input.admitsSocial,
    active: input.active,
    sortOrder: Number.isInteger(input.sortOrder) ? input.sortOrder : 0,
  };
}

export async function listCatalog() {
  const items = await CatalogItem.findAll({
    order: [
      ['kind', 'ASC'],
      ['sortOrder', 'ASC'],
      ['id', 'ASC'],
    ],
  });
  return items.map((i) => i.get({ plain: true }));
}

export async function getCatalogItem(id: number) {
  const item = await CatalogItem.findByPk(id);
  if (!item) throw notFound(messages.missing);
  return item.get({ plain: true });
}

export async function createCatalogItem(ctx: ServiceContext, actor: Actor, input: CatalogInput) {
  const values = normalise(input);
  return transaction(ctx, async (t) => {
    if (await CatalogItem.findOne({ where: { kind: values.kind, name: values.name }, transaction: t }))
      throw conflict(messages.taken(values.name));
    const item = await CatalogItem.create(values, { transaction: t });
    await recordAudit(t, actor, {
      action: 'catalog.created',
      entityType: 'catalog_item',
      entityId: item.id,
      after: values,
    });
    return item;
  });
}

export async function updateCatalogItem(ctx: ServiceContext, actor: Actor, id: number, input: CatalogInput) {
  const values = normalise(input);
  await transaction(ctx, async (t) => {
    const item = await CatalogItem.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
    if (!item) throw notFound(messages.missing);
    const clash = await CatalogItem.findOne({ where: { kind: values.kind, name: values.name }, transaction: t });
    if (clash && clash.id !== id) throw conflict(messages.taken(values.name));
    const before = item.get({ plain: true });
    await item.update(values, { transaction: t });
    await recordAudit(t, actor, {
      action: 'catalog.updated',
      entityType: 'catalog_item',
      entityId: id,
      before,
      after: values,
    });
  });
}
