import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The packages whose code and data shape a document's bytes, besides this one. */
const renderingPackages = ['@school-policy/core', 'pdfkit', 'fontkit', 'docx', 'fflate', 'dejavu-fonts-ttf'];

let fingerprint: string | undefined;

/**
 * What identifies the program that renders documents: a hash of this package's own compiled
 * code, the core package's, and the name and version of every package that shapes a document's
 * bytes (pdfkit, fontkit, docx, the fonts). A new generator, or a new version of one of them,
 * gives a new fingerprint, so nothing rendered by the old one is reused.
 */
export function generatorFingerprint(): string {
  if (fingerprint) return fingerprint;
  const hash = createHash('sha256');
  const own = fileURLToPath(new URL('../', import.meta.url));
  const require = createRequire(import.meta.url);
  const folders = [own];
  for (const name of renderingPackages) {
    const manifest = packageManifest(require, name);
    if (!manifest) continue;
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
    hash.update(`${name}@${version}\0`);
    if (name.startsWith('@school-policy/')) folders.push(join(dirname(manifest), 'dist'));
  }
  for (const folder of folders) {
    for (const file of readdirSync(folder, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
      .map((entry) => join(entry.parentPath, entry.name))
      .sort()) {
      hash.update(file.slice(folder.length)).update('\0').update(readFileSync(file)).update('\0');
    }
  }
  fingerprint = hash.digest('hex');
  return fingerprint;
}

/** The package.json of a dependency, found from here; none if it is not installed. */
function packageManifest(require: NodeJS.Require, name: string): string | undefined {
  try {
    return require.resolve(`${name}/package.json`);
  } catch {
    // Some packages do not export their package.json: find it above their main file.
    try {
      let dir = dirname(require.resolve(name));
      while (dirname(dir) !== dir) {
        try {
          const path = join(dir, 'package.json');
          if ((JSON.parse(readFileSync(path, 'utf8')) as { name?: string }).name === name) return path;
        } catch {
          // no package.json here: go up
        }
        dir = dirname(dir);
      }
    } catch {
      return undefined;
    }
    return undefined;
  }
}
