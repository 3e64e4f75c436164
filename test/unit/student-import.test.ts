// The row checks of a student list import (issue 2: every bad row with its row number and reason).
import { expect } from 'chai';
import { checkStudentRows, messages } from '../../app/domain/student-import.js';
import type { SheetRow } from '../../app/domain/sheet.js';
import { messages as idMessages } from '../../app/domain/id-number.js';
import { idNumber } from '../factories/index.js';

const text = (t: string) => ({ text: t, numeric: false });
const row = (rowNumber: number, values: string[]): SheetRow => ({ rowNumber, cells: values.map(text) });
const header = row(1, ['学号', '姓名', '身份证号', '班级', '手机', '邮箱']);

describe('student list rows', () => {
  it('accepts clean rows, header aliases and an empty e-mail', () => {
    const id = idNumber();
    const result = checkStudentRows(
      [
        row(1, ['学号', '姓名', '身份证号码', '班级', '手机号']),
        row(2, ['2023001', '张三', id, '电子2301', '13800000000']),
      ],
      100,
    );
    expect(result.bad).to.deep.equal([]);
    expect(result.good[0].record).to.deep.equal({
      studentNo: '2023001',
      name: '张三',
      idNumber: id,
      className: '电子2301',
      phone: '13800000000',
      email: null,
    });
  });

  it('reports each bad row with its row number and every reason', () => {
    const id = idNumber();
    const result = checkStudentRows(
      [
        header,
        row(2, ['2023001', '张三', id, '电子2301', '13800000000', '']),
        row(3, ['2023002', '', id.slice(0, 17), '电子2301', '123', 'x@']),
      ],
      100,
    );
    expect(result.good).to.have.length(1);
    expect(result.bad[0].rowNumber).to.equal(3);
    expect(result.bad[0].reasons).to.include(idMessages.length(17));
    expect(result.bad[0].reasons.length).to.equal(4); // name, id, phone, email
  });

  it('refuses an ID that Excel stored as a number, explaining the lost digits', () => {
    const rows = [
      header,
      {
        rowNumber: 2,
        cells: [
          text('2023001'),
          text('张三'),
          { text: '430105200306151000', numeric: true },
          text('电子2301'),
          text('13800000000'),
        ],
      },
    ];
    expect(checkStudentRows(rows, 100).bad[0].reasons).to.deep.equal([messages.idAsNumber]);
    const asText = [header, row(2, ['2023001', '张三', '4.30105E+17', '电子2301', '13800000000'])];
    expect(checkStudentRows(asText, 100).bad[0].reasons).to.deep.equal([messages.idAsNumber]);
  });

  it('finds duplicates inside the file', () => {
    const id = idNumber();
    const result = checkStudentRows(
      [
        header,
        row(2, ['2023001', '张三', id, '电子2301', '13800000000']),
        row(3, ['2023001', '李四', id, '电子2301', '13800000001']),
      ],
      100,
    );
    expect(result.bad[0].reasons).to.deep.equal([
      messages.duplicateInFile('学号', 2),
      messages.duplicateInFile('身份证号', 2),
    ]);
  });

  it('refuses a file without the required headers or without rows', () => {
    expect(() => checkStudentRows([row(1, ['学号', '姓名']), row(2, ['1', '2'])], 100)).to.throw(
      messages.missingHeaders(['身份证号', '班级', '手机']),
    );
    expect(() => checkStudentRows([header], 100)).to.throw(messages.empty);
  });
});
