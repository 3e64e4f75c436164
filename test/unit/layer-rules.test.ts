// The layers' import directions (ARCHITECTURE.md) are eslint rules that `npm test` runs; this checks
// the rules themselves, so loosening a pattern by mistake fails here rather than silently.
import { expect } from 'chai';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

describe('layer rules', () => {
  const cases: Array<[string, string, boolean]> = [
    ['app/domain/x.ts', "import { Batch } from '../models/index.js';", true],
    ['app/domain/x.ts', "import { currentBatch } from '../services/batches.js';", true],
    ['app/domain/x.ts', "import { Op } from 'sequelize';", true],
    ['app/domain/x.ts', "import { formatYuan } from './money.js';", false],
    ['app/services/x.ts', "import { pageBatch } from '../web/page-batch.js';", true],
    ['app/services/x.ts', "import { Router } from 'express';", true],
    ['app/services/x.ts', "import { Batch } from '../models/index.js';", false],
    ['app/web/routes/x.ts', "import { Batch } from '../../models/index.js';", true],
    ['app/web/routes/x.ts', "import { runWrite } from '../../db/transaction.js';", true],
    ['app/web/x.ts', "import { Op } from 'sequelize';", true],
    ['app/web/routes/x.ts', "import type { Batch } from '../../models/index.js';", false],
    ['app/web/routes/x.ts', "import { currentBatch } from '../../services/batches.js';", false],
  ];
  for (const [file, line, refused] of cases) {
    it(`${refused ? 'refuses' : 'allows'} ${line} in ${file}`, async () => {
      const found = await restrictedImports(file, `${line}\nexport const used = [${line.match(/\{ (\w+)/)![1]}];\n`);
      expect(found.length > 0, found.join('; ')).to.equal(refused);
    });
  }
});
