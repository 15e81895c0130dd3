import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { FilledPolicy } from '../filled-policy.js';
import type { VersionDiff } from '../versions.js';
import { DocumentCache, documentExtensions, type DocumentInfo, type DocumentKind } from './cache.js';
import { generatorFingerprint } from './fingerprint.js';
import type { DocumentJob } from './worker.js';

/** A document the site publishes: where it goes in the site, what kind it is, and what it is made from. */
export interface SiteDocument {
  /** Its address in the site: `/schools/x/social-media/x-social-media.pdf`. */
  href: string;
  kind: DocumentKind;
  input: FilledPolicy | VersionDiff;
}

/** A rendered document: its information, and where its file is in the cache. */
export interface RenderedDocument extends DocumentInfo {
  file: string;
}

/** What the document stage did. */
export interface DocumentStageReport {
  /** Every document by its address. */
  documents: Map<string, RenderedDocument>;
  /** How many distinct documents were rendered, and how many were found whole in the cache. */
  rendered: number;
  reused: number;
  /** The addresses of the documents rendered (not reused), sorted. */
  renderedHrefs: string[];
  /** Of those rendered, how many were PDFs (policies and comparisons) and how many Word documents. */
  pdfs: number;
  words: number;
  seconds: number;
}

/** The most heap each document thread may take, in megabytes: far more than one document needs. */
export const workerHeapLimits = { maxOldGenerationSizeMb: 384, maxYoungGenerationSizeMb: 32 };

/**
 * The document stage: makes every PDF and Word document the site publishes, apart from the pages.
 * Each document is keyed by a hash of exactly what it is made from (the filled policy or the
 * comparison, which hold the release's words and every setting of the publisher and the school it
 * uses) and of the generator itself; one whose key is in the cache, whole, is reused, and the rest
 * are rendered in a pool of worker threads, one per core, each written straight to the cache. The
 * same document at several addresses (a school's current policy is also its latest version) is
 * rendered once.
 */
export async function renderSiteDocuments(list: readonly SiteDocument[], options: { cacheDir: string; threads?: number }): Promise<DocumentStageReport> {
  const started = performance.now();
  const cache = new DocumentCache(options.cacheDir);
  const fingerprint = generatorFingerprint();
  const json = new WeakMap<object, string>();
  const keyOf = (document: SiteDocument): string => {
    let text = json.get(document.input);
    if (text === undefined) {
      // Its JSON as written, not with its keys sorted (five times slower): a policy is filled, and
      // a comparison made, with their keys always in the same order, and two inputs with the same
      // JSON are the same input. The same content in another order would only be rendered again.
      text = JSON.stringify(document.input);
      json.set(document.input, text);
    }
    return createHash('sha256').update(`${fingerprint}\0${document.kind}\0`).update(text).digest('hex');
  };

  const byKey = new Map<string, { kind: DocumentKind; input: SiteDocument['input']; hrefs: string[] }>();
  for (const document of list) {
    const key = keyOf(document);
    const known = byKey.get(key);
    if (known) known.hrefs.push(document.href);
    else byKey.set(key, { kind: document.kind, input: document.input, hrefs: [document.href] });
  }

  const documents = new Map<string, RenderedDocument>();
  const place = (key: string, kind: DocumentKind, info: DocumentInfo, hrefs: string[]) => {
    for (const href of hrefs) documents.set(href, { ...info, file: cache.path(key, kind) });
  };
  const missing: [string, { kind: DocumentKind; input: SiteDocument['input']; hrefs: string[] }][] = [];
  for (const [key, entry] of byKey) {
    const info = cache.get(key, entry.kind);
    if (info) place(key, entry.kind, info, entry.hrefs);
    else missing.push([key, entry]);
  }

  let pdfs = 0;
  let words = 0;
  if (missing.length > 0) {
    const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), missing.length));
    const pool = new Piscina<DocumentJob, DocumentInfo>({
      filename: new URL('./worker.js', import.meta.url).href,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: 1000,
      // V8 lets a busy thread's heap grow far past what it holds (to 1 GB and more each after a few
      // hundred documents) before it collects; a bound keeps the pool's memory flat without slowing
      // it.
      resourceLimits: workerHeapLimits,
    });
    try {
      await Promise.all(
        missing.map(async ([key, entry]) => {
          const job = { kind: entry.kind, input: entry.input, path: cache.path(key, entry.kind) } as DocumentJob;
          const info = await pool.run(job);
          cache.record(key, info);
          place(key, entry.kind, info, entry.hrefs);
          if (documentExtensions[entry.kind] === 'docx') words++;
          else pdfs++;
        }),
      );
    } finally {
      await pool.destroy();
    }
  }
  const renderedHrefs = missing.flatMap(([, entry]) => entry.hrefs).sort();
  return { documents, renderedHrefs, rendered: missing.length, reused: byKey.size - missing.length, pdfs, words, seconds: (performance.now() - started) / 1000 };
}
