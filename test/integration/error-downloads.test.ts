// A download refused before its first byte is answered by the error itself, not saved as the file
// it was meant to be (a workbook route sets its attachment headers before it builds the workbook).
import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { invalid } from '../../app/domain/errors.js';
import { errorHandler } from '../../app/web/middleware/errors.js';

describe('a download that fails before it starts', () => {
  it('drops the attachment header, so the browser shows the refusal', async () => {
    const app = express();
    app.get('/export', (_req, res) => {
      res.attachment('评价计划汇总表.xlsx').type('xlsx');
      throw invalid('这个批次还没有评价计划');
    });
    app.use(errorHandler(() => undefined));
    const res = await request(app).get('/export').set('Accept', 'application/json');
    expect(res.status).to.equal(400);
    expect(res.headers['content-disposition']).to.equal(undefined);
    expect(res.headers['content-type']).to.match(/json/);
    expect(res.body.error).to.equal('这个批次还没有评价计划');
  });
});
