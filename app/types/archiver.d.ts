// archiver 8 ships no types; only what app/lib/zip-writer.ts uses.
declare module 'archiver' {
  import { Transform } from 'node:stream';
  export type EntryData = { name: string; date?: Date; store?: boolean; mode?: number };
  export class ZipArchive extends Transform {
    constructor(options?: { store?: boolean; forceZip64?: boolean; comment?: string });
    append(source: Buffer | NodeJS.ReadableStream | string, data: EntryData): this;
    finalize(): Promise<void>;
    pointer(): number;
  }
}
