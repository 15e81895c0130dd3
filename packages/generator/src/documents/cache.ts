import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** What the document stage knows of a rendered document, kept beside it in the cache. */
export interface DocumentInfo {
  /** Its size in bytes. */
  bytes: number;
  /** Its page count (for a Word document, 0: Word lays out its own pages). */
  pages: number;
  /** The sha-256 of its bytes, in hex. */
  sha256: string;
}

/** The kinds of document the stage renders, each with the file name ending it is cached under. */
export const documentExtensions = { pdf: 'pdf', docx: 'docx', redline: 'pdf', 'redline-docx': 'docx' } as const;
export type DocumentKind = keyof typeof documentExtensions;

/**
 * The folder of rendered documents, each filed by its key (a hash of exactly what it is made
 * from): `<key[0..1]>/<key>.<pdf|docx>`, and beside it `<key>.json` saying its size, page count
 * and sha-256. An entry is only trusted when its file is there with that size and hash: a missing,
 * truncated or otherwise changed file is treated as absent, so it is rendered again and never
 * published. Files are written whole (to a temporary name, then renamed), so a build that is
 * stopped half-way, or two builds writing the same entry at once, leave no partial entry.
 */
export class DocumentCache {
  constructor(readonly dir: string) {}

  /** Where the document with this key and kind is filed. */
  path(key: string, kind: DocumentKind): string {
    return join(this.dir, key.slice(0, 2), `${key}.${documentExtensions[kind]}`);
  }

  private infoPath(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  /** The entry's information if its file is whole and unchanged; otherwise none. */
  get(key: string, kind: DocumentKind): DocumentInfo | undefined {
    let info: DocumentInfo;
    try {
      info = JSON.parse(readFileSync(this.infoPath(key), 'utf8')) as DocumentInfo;
    } catch {
      return undefined;
    }
    const path = this.path(key, kind);
    try {
      if (typeof info.bytes !== 'number' || typeof info.pages !== 'number' || typeof info.sha256 !== 'string' || statSync(path).size !== info.bytes) return undefined;
      if (createHash('sha256').update(readFileSync(path)).digest('hex') !== info.sha256) return undefined;
    } catch {
      return undefined;
    }
    return info;
  }

  /** Files a document's information once its file is in place. */
  record(key: string, info: DocumentInfo): void {
    writeWhole(this.infoPath(key), `${JSON.stringify(info)}\n`);
  }
}

/** Writes a file whole: to a temporary name beside it, then renamed into place. */
export function writeWhole(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } finally {
    rmSync(temporary, { force: true });
  }
}
