// Rows read without building model instances, for the reads every request makes (the signed-in
// account): Sequelize's findByPk with two includes costs ~1.3 ms of the request thread where the
// same SELECT through sequelize.query costs ~0.2 ms (measured on this machine, issue 14). The
// columns still come from the model, so a new column is read here too, and converted as the model
// would: SQLite gives a DATE as text and a BOOLEAN as 0/1, MySQL a Date and 0/1.
import { DataTypes, type Attributes, type Model, type ModelStatic, type Sequelize } from 'sequelize';

type Converter = (value: unknown) => unknown;

const asIs: Converter = (value) => value;
const asBoolean: Converter = (value) => (value === null ? null : Boolean(Number(value)));
const asDate: Converter = (value) => (value === null ? null : new Date(value as string | Date));

function converterFor(type: unknown, where: string): Converter {
  if (type instanceof DataTypes.BOOLEAN) return asBoolean;
  if (type instanceof DataTypes.DATE) return asDate;
  if (type instanceof DataTypes.INTEGER || type instanceof DataTypes.STRING || type instanceof DataTypes.TEXT)
    return asIs;
  throw new Error(`plain-read: no conversion for the type of ${where}; add one before reading it here`);
}

/** The SELECT list for `model` under table alias `alias`: every attribute as `<alias>__<name>`. */
export function columnsOf(sequelize: Sequelize, model: ModelStatic<Model>, alias: string): string {
  const q = (name: string) => sequelize.getQueryInterface().quoteIdentifier(name);
  return Object.entries(model.getAttributes())
    .map(([name, attribute]) => `${q(alias)}.${q(attribute.field ?? name)} AS ${q(`${alias}__${name}`)}`)
    .join(', ');
}

/** The model's attributes out of a row selected with columnsOf, or null when a LEFT JOIN found none. */
export function attributesFrom<M extends Model>(
  model: ModelStatic<M>,
  row: Record<string, unknown>,
  alias: string,
): Attributes<M> | null {
  const key = model.primaryKeyAttribute;
  if (row[`${alias}__${key}`] === null || row[`${alias}__${key}`] === undefined) return null;
  const plain: Record<string, unknown> = {};
  for (const [name, attribute] of Object.entries(model.getAttributes())) {
    plain[name] = converterFor(attribute.type, `${model.name}.${name}`)(row[`${alias}__${name}`] ?? null);
  }
  return plain as Attributes<M>;
}
