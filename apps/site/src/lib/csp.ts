import { createHash } from 'node:crypto';

/**
 * The Content-Security-Policy every page carries, in a `<meta>` tag at the top of its head: the
 * page may run, style itself with and load only the site's own files. Scripts are the site's
 * bundles (no script is inlined into a page: see `assetsInlineLimit` in astro.config.mjs) and the
 * one line that marks JavaScript as available, allowed by its hash; styles are the site's
 * stylesheet and a page's own stylesheet (a policy's or a redline's), also by hash. Search needs
 * `'wasm-unsafe-eval'` for Pagefind's WebAssembly, `connect-src 'self'` for the index files it
 * fetches and `worker-src 'self'` for its worker. No plug-ins, no `<base>` elsewhere, and forms
 * submit only to the site. (A `<meta>` policy cannot set frame-ancestors or a report address; a
 * server that can send headers may add them.)
 */
export function contentSecurityPolicy(inline: { scripts?: readonly string[]; styles?: readonly string[] } = {}): string {
  const hashes = (texts: readonly string[] = []) => texts.map((text) => ` ${cspHash(text)}`).join('');
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval'${hashes(inline.scripts)}`,
    `style-src 'self'${hashes(inline.styles)}`,
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/** The CSP source that allows one inline script or style: `'sha256-…'` of its exact text. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}
