export { main } from './main.js';
export { replaceFolder } from './replace-folder.js';
export type { Io } from './io.js';
