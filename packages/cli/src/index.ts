export { main } from './main.js';
export { protectedReason, replaceFolder, resolveFolder } from './replace-folder.js';
export { takeLock } from './take-lock.js';
export { inStyleOf, writeFileAtomic, writeProjectFile } from './write-project-file.js';
export type { Io } from './io.js';
