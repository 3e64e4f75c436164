// The parts of exceljs 4.4 that the streaming .xlsx reader (xlsx-reader.ts) uses directly. They
// are plain CommonJS modules inside the package (it has no "exports" map), untyped upstream.
declare module 'exceljs/lib/utils/parse-sax.js' {
  export type SaxEvent =
    | { eventType: 'opentag'; value: { name: string; attributes: Record<string, string> } }
    | { eventType: 'closetag'; value: { name: string } }
    | { eventType: 'text'; value: string };
  export default function parseSax(chunks: AsyncIterable<string>): AsyncGenerator<SaxEvent[]>;
}

declare module 'exceljs/lib/stream/xlsx/worksheet-reader.js' {
  import type { Row } from 'exceljs';
  type Workbook = { sharedStrings: undefined; styles: unknown; properties: { model?: { date1904?: boolean } } };
  export default class WorksheetReader {
    constructor(args: {
      workbook: Workbook;
      id: number;
      iterator: AsyncIterable<string>;
      options: { worksheets: 'emit'; hyperlinks: 'ignore' };
    });
    [Symbol.asyncIterator](): AsyncGenerator<Row>;
  }
}

declare module 'exceljs/lib/xlsx/xform/style/styles-xform.js' {
  export default class StylesXform {
    init(): void;
    parseStream(chunks: AsyncIterable<string>): Promise<unknown>;
  }
}

declare module 'exceljs/lib/xlsx/xform/book/workbook-xform.js' {
  export default class WorkbookXform {
    map: { workbookPr: { model?: { date1904?: boolean } } };
    model: { sheets?: Array<{ name: string; id: number; rId: string }> };
    parseStream(chunks: AsyncIterable<string>): Promise<unknown>;
  }
}

declare module 'exceljs/lib/xlsx/xform/core/relationships-xform.js' {
  export default class RelationshipsXform {
    parseStream(
      chunks: AsyncIterable<string>,
    ): Promise<Array<{ Id: string; Type: string; Target: string }> | undefined>;
  }
}
