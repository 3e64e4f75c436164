// The audit log speaks Chinese (issue 12 item 6): every action, object and field that any
// recordAudit call in app/ can write has a Chinese name, codes are shown as words and money in
// yuan. The calls are found by the TypeScript checker, so actions passed through variables and
// fields spread in from a row snapshot are covered too.
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { PAYEES } from '../../app/domain/ledger.js';
import {
  ACTION_NAMES,
  auditLines,
  ENTITY_NAMES,
  entityLabel,
  FIELD_NAMES,
  HIDDEN_FIELDS,
  showField,
} from '../../app/web/presenters/audit.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sources(full) : full.endsWith('.ts') ? [full] : [];
  });
}

type Written = { actions: Set<string>; entities: Set<string>; fields: Map<string, Set<string>>; unresolved: string[] };

/** Each recordAudit call's action, entity type and before/after field names, with the literal values a field can take. */
function auditWrites(): Written {
  const program = ts.createProgram(sources(path.join(ROOT, 'app')), {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  });
  const checker = program.getTypeChecker();
  const written: Written = { actions: new Set(), entities: new Set(), fields: new Map(), unresolved: [] };
  const parts = (type: ts.Type) => (type.isUnion() ? type.types : [type]);
  const literals = (type: ts.Type, where: string) =>
    parts(type).flatMap((t) => {
      if (t.isStringLiteral()) return [t.value];
      written.unresolved.push(`${where}: ${checker.typeToString(t)}`);
      return [];
    });
  const addFields = (type: ts.Type) => {
    for (const part of parts(checker.getNonNullableType(type))) {
      if (!(part.flags & ts.TypeFlags.Object) || checker.isArrayType(part)) continue;
      for (const property of part.getProperties()) {
        const values = written.fields.get(property.name) ?? new Set<string>();
        for (const t of parts(checker.getTypeOfSymbol(property))) if (t.isStringLiteral()) values.add(t.value);
        written.fields.set(property.name, values);
      }
    }
  };
  for (const file of program.getSourceFiles()) {
    if (!file.fileName.startsWith(path.join(ROOT, 'app'))) continue;
    const visit = (node: ts.Node) => {
      if (
        ts.isCallExpression(node) &&
        node.expression.getText(file) === 'recordAudit' &&
        ts.isObjectLiteralExpression(node.arguments[2])
      ) {
        const where = `${path.relative(ROOT, file.fileName)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
        for (const property of node.arguments[2].properties) {
          const name = property.name?.getText(file);
          const value = ts.isPropertyAssignment(property)
            ? property.initializer
            : ts.isShorthandPropertyAssignment(property)
              ? property.name
              : null;
          if (!value) continue;
          const type = checker.getTypeAtLocation(value);
          if (name === 'action') literals(type, where).forEach((a) => written.actions.add(a));
          if (name === 'entityType') literals(type, where).forEach((e) => written.entities.add(e));
          if (name === 'before' || name === 'after') addFields(type);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return written;
}

describe('audit log names (issue 12 item 6)', function () {
  this.timeout(120_000); // the checker reads the whole app once
  let written: Written;
  before(() => {
    written = auditWrites();
  });

  it('finds the calls: every action and entity type is a literal the checker can see', () => {
    expect(written.unresolved).to.deep.equal([]);
    expect(written.actions)
      .to.include('fee.collected')
      .and.include('package.pre-approved')
      .and.include('plan.returned')
      .and.include('bundle.restart');
    expect(written.fields).to.include.keys('amountFen', 'photoPath', 'voucherNo', 'studentNo');
  });

  it('every action the code can write has a Chinese name', () => {
    const unnamed = [...written.actions].filter((a) => !(a in ACTION_NAMES));
    expect(unnamed).to.deep.equal([]);
    for (const name of Object.values(ACTION_NAMES)) expect(name).to.match(/[\u4e00-\u9fff]/);
  });

  it('every object type has a Chinese name', () => {
    expect([...written.entities].filter((e) => !(e in ENTITY_NAMES))).to.deep.equal([]);
    expect(entityLabel('fee_transfer', '12')).to.equal('转账 #12');
    expect(entityLabel('mail_template', 'package-returned')).to.equal('邮件模板「考生材料被退回」');
  });

  it('every field written in a before/after has a Chinese name or is deliberately hidden', () => {
    const unnamed = [...written.fields.keys()].filter((f) => !(f in FIELD_NAMES) && !HIDDEN_FIELDS.has(f));
    expect(unnamed).to.deep.equal([]);
  });

  it('coded values (status, role, channel, source …) are shown as words, not codes', () => {
    const raw: string[] = [];
    for (const [field, values] of written.fields) {
      for (const value of values)
        if (/[A-Za-z]/.test(value) && showField(field, value) === value) raw.push(`${field}=${value}`);
    }
    for (const payee of [...PAYEES, 'finance']) if (showField('payee', payee) === payee) raw.push(`payee=${payee}`);
    expect(raw).to.deep.equal([]);
  });

  it('money in yuan, dates in Shanghai, a changed fee schedule names only the price that moved', () => {
    expect(
      auditLines(JSON.stringify({ after: { amountFen: 70000, voucherNo: 'HX1', transferredOn: '2024-10-12' } })),
    ).to.deep.equal(['金额：700.00 元', '凭证号：HX1', '转账日期：2024-10-12']);
    expect(auditLines(JSON.stringify({ before: { amountFen: 32000 }, after: { reason: '记错了人' } }))).to.deep.equal([
      '金额：320.00 元',
      '原因：记错了人',
    ]);
    expect(
      auditLines(JSON.stringify({ before: { photoPath: null }, after: { photoPath: 'photos/3-ab.jpg' } })),
    ).to.deep.equal(['准考证照片：无 → 已上传']);
    expect(auditLines(JSON.stringify({ after: { until: '2024-10-10T09:00:00.000Z' } }))).to.deep.equal([
      '延长至：2024-10-10 17:00',
    ]);
    const fees = (f: Record<string, number>) => ({ name: '2024年下半年', fees: { 'special:0:initial': 20000, ...f } });
    expect(auditLines(JSON.stringify({ before: fees({}), after: fees({ 'grade:5:initial': 25000 }) }))).to.deep.equal([
      '收费标准 · 等级认定 五级/初级工 · 初次评价：— → 250.00 元',
    ]);
    expect(auditLines(JSON.stringify({ after: { province: { grade: 5000, special: null } } }))).to.deep.equal([
      '湖南省人社厅：职业技能等级认定 50.00 元；专项职业能力考核 —',
    ]);
  });

  it('never shows a raw key: an unknown field is left out, bookkeeping columns are hidden', () => {
    const lines = auditLines(
      JSON.stringify({
        before: { id: 3, name: '甲', someNewField: 'x', createdAt: '2024-01-01T00:00:00.000Z' },
        after: { name: '乙', someNewField: 'y' },
      }),
    );
    expect(lines).to.deep.equal(['名称：甲 → 乙']);
  });
});
