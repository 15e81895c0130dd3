import { spawnSync } from 'node:child_process';

/** Runs a poppler tool (pdftotext, pdfinfo, pdffonts, pdftohtml) on a PDF file; fails with how to install it if missing. */
export function poppler(tool: 'pdftotext' | 'pdfinfo' | 'pdffonts' | 'pdftohtml', args: string[]): string {
  const result = spawnSync(tool, args, { encoding: 'utf8' });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error(`${tool} is not installed. Install poppler-utils (Debian or Ubuntu: sudo apt-get install poppler-utils; macOS: brew install poppler) and run the tests again.`);
  }
  if (result.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** A PDF's text, reading order kept, with runs of white space as single spaces. */
export function pdfText(file: string): string {
  return poppler('pdftotext', ['-enc', 'UTF-8', file, '-']).replace(/\s+/g, ' ');
}
