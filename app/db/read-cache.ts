// A process-wide cache for the few tables every page reads and an office clerk changes a few times
// a term (the batch, its fee rates and deadline extensions, the catalogue): the registration rush
// reads them on every page view (issue 14 item 3).
//
// Correctness: any write to a watched model by this process empties the cache, at once and again
// when its transaction commits (so a read made between the write and the commit is not kept).
// Another process's writes (several app processes on one MySQL) are seen within MAX_AGE_MS.
// Writes inside a transaction read the database, never this cache: rules are checked there.
import type { Model, ModelStatic, Sequelize, Transaction } from 'sequelize';

export const MAX_AGE_MS = 5_000;

type Entry = { generation: number; loadedAt: number; value: Promise<unknown> };

const entries = new Map<string, Entry>();
const watched = new WeakSet<Sequelize>();
let generation = 0;

function invalidate(): void {
  generation += 1;
  entries.clear();
}

/** The value for `key`, loaded at most once per generation and MAX_AGE_MS. */
export function cachedRead<T>(key: string, load: () => Promise<T>): Promise<T> {
  const entry = entries.get(key);
  if (entry && entry.generation === generation && Date.now() - entry.loadedAt < MAX_AGE_MS)
    return entry.value as Promise<T>;
  const fresh: Entry = { generation, loadedAt: Date.now(), value: load() };
  entries.set(key, fresh);
  fresh.value.catch(() => {
    if (entries.get(key) === fresh) entries.delete(key);
  });
  return fresh.value as Promise<T>;
}

type HookOptions = { transaction?: Transaction | null; model?: ModelStatic<Model> };

/** Installs the hooks that empty the cache when one of `models` is written through this Sequelize. */
export function watchWrites(sequelize: Sequelize, models: ModelStatic<Model>[]): void {
  if (watched.has(sequelize)) return;
  watched.add(sequelize);
  const names = new Set(models.map((m) => m.name));
  const onWrite = (model: ModelStatic<Model> | undefined, options: HookOptions | undefined) => {
    if (!model || !names.has(model.name)) return;
    invalidate();
    options?.transaction?.afterCommit(invalidate);
  };
  const instanceHook = (instance: Model, options: HookOptions) =>
    onWrite(instance?.constructor as ModelStatic<Model>, options);
  const bulkHook = (options: HookOptions) => onWrite(options?.model, options);
  sequelize.addHook('afterSave', instanceHook);
  sequelize.addHook('afterDestroy', instanceHook);
  sequelize.addHook('afterUpsert', (_created: unknown, options: HookOptions) => bulkHook(options));
  sequelize.addHook('afterBulkCreate', (_instances: unknown, options: HookOptions) => bulkHook(options));
  sequelize.addHook('afterBulkUpdate', bulkHook);
  sequelize.addHook('afterBulkDestroy', bulkHook);
}
