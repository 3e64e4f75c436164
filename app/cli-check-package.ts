// `skillcert check-package <zip-or-folder> [--batch <id> --department <id>] [--json]`:
// the same engine as the web upload. Exit 0: every candidate passes; 1: some fail; 2: refused whole.
import fs from 'node:fs/promises';
import { USAGE } from './cli-usage.js';
import { checkPackageSource, toJson, type CheckResult } from './services/packages/package-check.js';

type Options = { source: string; batch: number | null; department: number | null; json: boolean };

export function parseCheckArgs(args: string[]): Options | null {
  const options: Options = { source: '', batch: null, department: null, json: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--json') options.json = true;
    else if (arg === '--batch' || arg === '--department') {
      const value = Number(args[++i]);
      if (!Number.isInteger(value) || value <= 0) return null;
      options[arg === '--batch' ? 'batch' : 'department'] = value;
    } else if (!arg.startsWith('--') && !options.source) options.source = arg;
    else return null;
  }
  if (!options.source || (options.batch === null) !== (options.department === null)) return null;
  return options;
}

async function registered(options: Options) {
  if (options.batch === null || options.department === null) return null;
  // The database code loads only when asked for: a plain check starts in a fraction of the time.
  const [{ loadConfig }, { createSequelize }, { initModels }, { registeredGradeCandidates }] = await Promise.all([
    import('./config.js'),
    import('./db/connection.js'),
    import('./models/index.js'),
    import('./services/packages/package-queries.js'),
  ]);
  const sequelize = createSequelize(loadConfig());
  initModels(sequelize);
  try {
    return await registeredGradeCandidates(options.batch, options.department);
  } finally {
    await sequelize.close();
  }
}

function printReadable(result: CheckResult) {
  if (result.fatal) {
    console.log(`压缩包不予处理（${result.fatal.code}）：${result.fatal.message}`);
    return;
  }
  const { candidates, other } = result.report;
  const passed = candidates.filter((c) => c.ok).length;
  console.log(`共 ${candidates.length} 名考生：通过 ${passed} 名，有问题 ${candidates.length - passed} 名`);
  for (const candidate of candidates.filter((c) => !c.ok)) {
    console.log(`\n✗ ${candidate.id}`);
    for (const error of candidate.errors) console.log(`  - [${error.code}] ${error.message}（${error.path}）`);
  }
  if (other.length) console.log('\n其他问题：');
  for (const issue of other) console.log(`  - [${issue.code}] ${issue.message}`);
}

export async function runCheckPackage(args: string[]): Promise<number> {
  const options = parseCheckArgs(args);
  if (!options) {
    console.error(`用法：\n${USAGE}`);
    return 64;
  }
  const stat = await fs.stat(options.source).catch(() => null);
  if (!stat) {
    console.error(`找不到“${options.source}”`);
    return 64;
  }
  const source = stat.isDirectory() ? { folder: options.source } : { zip: options.source };
  const result = await checkPackageSource(source, await registered(options));
  const json = toJson(result);
  if (options.json) console.log(JSON.stringify(json, null, 2));
  else printReadable(result);
  return result.fatal ? 2 : json.ok ? 0 : 1;
}
