import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { textCharacterProblems } from './character-problems.js';
import { checkConditions, conditionNames, conditionsFromWhen, describeConditions, type Condition } from './conditions.js';
import { checkMarkdownLinks, type RefusedLink } from './links.js';
import { problem, type Location, type PolicyError } from './problem.js';
import { ChangeListedTwice, DuplicateId, InvalidValue, MissingFile, UnknownReference } from './problem-kinds.js';
import { parsePart, type Part } from './part.js';
import { projectEntry, readProjectFile } from './read-project-file.js';
import { checkNoteKeys } from './release-notes.js';
import { checkReleaseLock } from './release-lock.js';
import { modelFileSchema, releaseFileSchema, type Module, type ReleaseChange } from './schemas/model.js';
import { parameterFileSchema, valueSchemaFor, type Parameter } from './schemas/parameter.js';
import { suggest } from './suggest.js';
import { builtInParameters, type Template } from './template.js';
import { locate, parseYaml, validateYaml, valueAt, type FieldPath, type YamlSource } from './yaml-source.js';

/** A dated release of a model: its folder's name is its id and its date (`2026-09`). */
export interface Release {
  id: string;
  file: string;
  title: string;
  summary: string;
  /** What changed since the previous release, clause by clause. */
  changes: ReleaseChange[];
  /** Longer notes on the release, in Markdown, if the release folder has a CHANGELOG.md. */
  notesFile: string | undefined;
  /** Published (its files fingerprinted in release.lock, never to change), or a draft still being written. */
  published: boolean;
}

/** One release of a model policy: its parts in order and the parameters its templates use. */
export interface Model {
  id: string;
  release: Release;
  title: string;
  description: string | undefined;
  language: string;
  /** The model's folder, relative to the project root. */
  dir: string;
  file: string;
  parametersFile: string;
  parameters: Parameter[];
  modules: Module[];
  parts: Part[];
}

/** Where each id of a model is declared: parts, subsections and blocks share one namespace. */
export interface IdDeclaration {
  kind: 'part' | 'subsection' | 'clause' | 'text' | 'form';
  file: string;
  line: number;
  when: Condition[];
}

const reservedNamespaces = ['school', 'publisher'];

/**
 * Reads and checks one release of a model, `templates/<model>/<release>/`: release.yaml,
 * model.yaml, parameters.yaml and every part file. With a cache folder, the parts' syntax trees
 * are kept in it between runs (see parseMarkdown).
 */
export function loadModel(root: string, dir: string, options: { cache?: string } = {}): { model?: Model; problems: PolicyError[] } {
  const problems: PolicyError[] = [];
  const file = `${dir}/model.yaml`;
  const parametersFile = `${dir}/parameters.yaml`;
  const releaseFile = `${dir}/release.yaml`;

  const modelSource = readYaml(root, file, problems);
  const parametersSource = readYaml(root, parametersFile, problems);
  const releaseSource = readYaml(root, releaseFile, problems);
  if (!modelSource || !parametersSource || !releaseSource) return { problems };

  const modelFile = validateYaml(modelFileSchema, modelSource, { context: 'a model file' });
  const parameterList = validateYaml(parameterFileSchema, parametersSource, { context: 'a parameter' });
  const releaseValue = validateYaml(releaseFileSchema, releaseSource, { context: 'a release file' });
  problems.push(...modelFile.problems, ...parameterList.problems, ...releaseValue.problems);
  if (!modelFile.value || !parameterList.value || !releaseValue.value) return { problems };

  const [folderName, releaseId] = dir.split('/').slice(-2) as [string, string];
  if (modelFile.value.id !== folderName) {
    problems.push(problem(InvalidValue, locate(modelSource, ['id']), ['id', `the model id "${modelFile.value.id}" must match its folder name "${folderName}"`]));
  }
  const notes = readProjectFile(root, `${dir}/CHANGELOG.md`);
  if (notes.status === 'refused') problems.push(notes.problem);
  const notesFile = notes.status === 'read' ? `${dir}/CHANGELOG.md` : undefined;
  const lock = checkReleaseLock(root, dir, releaseId);
  problems.push(...lock.problems);
  const release: Release = { id: releaseId, file: releaseFile, ...releaseValue.value, notesFile, published: lock.published };
  const parameters = parameterList.value;
  problems.push(...checkParameters(parameters, parametersSource));
  const names = conditionNames(parameters, modelFile.value.modules);
  parameters.forEach((parameter, index) => {
    if (parameter.requiredWhen) problems.push(...checkConditions(conditionsFromWhen(parameter.requiredWhen), names, locate(parametersSource, [index, 'requiredWhen'])));
  });

  const known = new Set<string>([...builtInParameters, ...parameters.map((p) => p.name)]);
  const alwaysHasDefault = (p: Parameter) => p.default !== undefined || ['la', 'trust', 'mat'].every((variant) => p.defaultByVariant?.[variant as 'la'] !== undefined);
  const optional = new Set(parameters.filter((p) => !p.required && !alwaysHasDefault(p)).map((p) => p.name));
  const modules = modelFile.value.modules;
  const requiredWhen = new Map(parameters.filter((p) => p.requiredWhen).map((p) => [p.name, conditionsFromWhen(p.requiredWhen)]));
  const context = { known, optional, parametersFile, conditions: conditionNames(parameters, modules), requiredWhen };
  const parts: Part[] = [];
  const partsDir = join(root, dir, 'parts');
  const hasParts = projectEntry(root, `${dir}/parts`).kind === 'folder';
  const listed = new Set(modelFile.value.parts);
  modelFile.value.parts.forEach((partId, index) => {
    const partFile = `${dir}/parts/${partId}.md`;
    const read = readProjectFile(root, partFile);
    if (read.status === 'missing') {
      const available = hasParts ? readdirSync(partsDir).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3)) : [];
      problems.push(problem(UnknownReference, locate(modelSource, ['parts', index]), [`parts[${index}]`, partId, 'a part'], [suggest(partId, available), available.sort()]));
      return;
    }
    if (read.status === 'refused') {
      problems.push(read.problem);
      return;
    }
    const parsed = parsePart(partId, partFile, read.text, context, options.cache);
    problems.push(...parsed.problems);
    if (parsed.part) parts.push(parsed.part);
  });
  if (hasParts) {
    for (const name of readdirSync(partsDir).sort()) {
      if (name.endsWith('.md') && !listed.has(name.slice(0, -3))) {
        problems.push(problem(MissingFile, { file: `${dir}/parts/${name}`, line: 1 }, [`This part is not listed in ${file}, so it`], [
          `Add "${name.slice(0, -3)}" to the parts list in ${file} where it belongs in the document, or delete the file.`,
        ]));
      }
    }
  }

  const ids = collectIds(parts, problems);
  for (const template of allTemplates(parts)) {
    for (const ref of template.refs) {
      const target = ids.get(ref.id)?.[0];
      if (!target || target.kind === 'text' || target.kind === 'form') {
        const numbered = [...ids].filter(([, d]) => d[0]!.kind !== 'text' && d[0]!.kind !== 'form').map(([id]) => id);
        problems.push(problem(UnknownReference, { file: template.file, line: ref.line, column: ref.column }, ['{{ref}}', ref.id, 'a numbered part or clause'], [suggest(ref.id, numbered), []]));
      }
    }
  }

  const { id, title, description, language } = modelFile.value;
  problems.push(...checkChangeIds(release, releaseSource), ...checkReleaseLinks(root, release, releaseSource));
  problems.push(...checkNoteKeys(release.changes, context.conditions, releaseSource));
  return { model: { id, release, title, description, language, dir, file, parametersFile, parameters, modules, parts }, problems };
}

/** No id is listed under two reasons for change: each change to a clause has one weight and one reason. */
function checkChangeIds(release: Release, source: YamlSource): PolicyError[] {
  const problems: PolicyError[] = [];
  const seen = new Map<string, number>();
  release.changes.forEach((change, index) => {
    change.ids.forEach((id, position) => {
      const earlier = seen.get(id);
      if (earlier !== undefined) {
        problems.push(problem(ChangeListedTwice, locate(source, ['changes', index, 'ids', position]), [id], [`${source.file}:${locate(source, ['changes', earlier]).line}`]));
      }
      seen.set(id, index);
    });
  });
  return problems;
}

/**
 * The links in a release's notes (CHANGELOG.md, shown as a web page on the release's page) and in
 * the texts of its release file (shown as written, but checked alike, so that no text a model's
 * authors write can publish a link that is not allowed or an image).
 */
function checkReleaseLinks(root: string, release: Release, source: YamlSource): PolicyError[] {
  const problems: PolicyError[] = [];
  const notes = release.notesFile ? readProjectFile(root, release.notesFile) : undefined;
  if (release.notesFile && notes?.status === 'read') {
    const notesFile = release.notesFile;
    problems.push(...checkMarkdownLinks(notes.text, (link) => ({ file: notesFile, line: link.line, column: link.column })));
    // The notes are a page of the site: they may hold only the characters every page can.
    problems.push(...textCharacterProblems(notesFile, notes.text, 1, "This line of the release's notes"));
  }
  const read = readProjectFile(root, source.file);
  const raw = read.status === 'read' ? read.text : '';
  const fields: FieldPath[] = [['title'], ['summary'], ...release.changes.flatMap((_, index): FieldPath[] => [['changes', index, 'what'], ['changes', index, 'why']])];
  const check = (path: FieldPath, value: unknown): void => {
    if (typeof value === 'string') problems.push(...checkMarkdownLinks(value, (link) => placeInYaml(raw, locate(source, path), value, link)));
    // A note may be written by edition or variant, a text for each.
    else if (value && typeof value === 'object' && !Array.isArray(value)) for (const [key, inner] of Object.entries(value)) check([...path, key], inner);
  };
  for (const path of fields) check(path, valueAt(source.data, path));
  return problems;
}

/**
 * Where a link inside a YAML text value is in its file: the link's first word, looked for from
 * where the value starts (it may be folded over several lines), or else where the value starts.
 */
function placeInYaml(raw: string, value: Location, text: string, link: RefusedLink): Location {
  const lines = raw.split('\n');
  const start = lines.slice(0, (value.line ?? 1) - 1).reduce((total, line) => total + line.length + 1, 0) + (value.column ?? 1) - 1;
  const word = text.slice(link.offset).split(/\s/)[0]!;
  const found = word ? raw.indexOf(word, start) : -1;
  if (found < 0 || found > start + text.length * 2 + 200) return value;
  const before = raw.slice(0, found).split('\n');
  return { ...value, line: before.length, column: before.at(-1)!.length + 1 };
}

function readYaml(root: string, file: string, problems: PolicyError[]): YamlSource | undefined {
  const read = readProjectFile(root, file);
  if (read.status === 'missing') {
    problems.push(problem(MissingFile, { file }, [file], [`Create ${file}; see the README for its fields.`]));
    return undefined;
  }
  if (read.status === 'refused') {
    problems.push(read.problem);
    return undefined;
  }
  const { source, problems: syntax } = parseYaml(file, read.text);
  problems.push(...syntax);
  return syntax.length === 0 ? source : undefined;
}

/** `an integer`, `a time`. */
const anA = (word: string) => `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;

/** Names are unique, outside the reserved namespaces, not both a value and a group; examples fit their types. */
function checkParameters(parameters: Parameter[], source: YamlSource): PolicyError[] {
  const problems: PolicyError[] = [];
  const seen = new Map<string, number>();
  parameters.forEach((parameter, index) => {
    const at = locate(source, [index, 'name']);
    const namespace = parameter.name.split('.')[0]!;
    if ((reservedNamespaces.includes(namespace) && parameter.name.includes('.')) || ['variant', 'document', 'module'].includes(parameter.name)) {
      problems.push(problem(InvalidValue, at, [`[${index}].name`, `"${parameter.name}" is reserved for the built-in values ${builtInParameters.join(', ')} and module; choose another name`]));
    }
    const earlier = seen.get(parameter.name);
    if (earlier !== undefined) {
      problems.push(problem(DuplicateId, at, ['parameter', parameter.name], [`${source.file}:${locate(source, [earlier]).line}`]));
    }
    seen.set(parameter.name, index);
    for (const other of parameters) {
      if (other.name.startsWith(`${parameter.name}.`)) {
        problems.push(problem(InvalidValue, at, [`[${index}].name`, `"${parameter.name}" is also the group of "${other.name}"; a name is either a value or a group`]));
        break;
      }
    }
    if (parameter.after !== undefined) {
      const earlier = parameters.find((other) => other.name === parameter.after);
      if (!earlier || earlier.type !== parameter.type || earlier === parameter) {
        const why = !earlier ? 'names no parameter of this model' : earlier === parameter ? 'names this parameter itself' : `names ${anA(earlier.type)}, but this is ${anA(parameter.type)}`;
        problems.push(problem(InvalidValue, locate(source, [index, 'after']), [`[${index}].after`, `"${parameter.after}" ${why}; a value comes after another of the same type`]));
      }
    }
    if (parameter.example === undefined) {
      problems.push(problem(InvalidValue, locate(source, [index]), [`[${index}].example`, 'every parameter needs an example, shown in the parameter reference']));
    }
    const values: [FieldPath, unknown][] = [
      [['example'], parameter.example],
      [['default'], parameter.default],
      ...Object.entries(parameter.defaultByVariant ?? {}).map(([variant, value]): [FieldPath, unknown] => [['defaultByVariant', variant], value]),
    ];
    for (const [path, value] of values) {
      if (value === undefined) continue;
      const checked = valueSchemaFor(parameter).safeParse(value);
      if (!checked.success) {
        problems.push(problem(InvalidValue, locate(source, [index, ...path]), [`[${index}].${path.join('.')}`, `it does not fit the type ${parameter.type}: ${checked.error.issues[0]?.message ?? 'invalid'}`]));
      }
    }
  });
  return problems;
}

/**
 * Every id of the model, with each place it is declared. One id may have several wordings, each
 * under its own conditions, so long as they are all the same kind of thing and no two have the
 * same conditions.
 */
function collectIds(parts: Part[], problems: PolicyError[]): Map<string, IdDeclaration[]> {
  const ids = new Map<string, IdDeclaration[]>();
  const declare = (id: string, declaration: IdDeclaration) => {
    const earlier = ids.get(id) ?? [];
    const clash = earlier.find((other) => other.kind !== declaration.kind || describeConditions(other.when) === describeConditions(declaration.when));
    if (clash) {
      problems.push(problem(DuplicateId, { file: declaration.file, line: declaration.line }, [declaration.kind, id], [`${clash.file}:${clash.line}`]));
      return;
    }
    ids.set(id, [...earlier, declaration]);
  };
  for (const part of parts) {
    declare(part.id, { kind: 'part', file: part.file, line: 1, when: part.when });
    for (const child of part.children) {
      if (child.type === 'subsection') {
        declare(child.id, { kind: 'subsection', file: part.file, line: child.title.line, when: child.when });
        for (const block of child.children) declare(block.id, { kind: block.type, file: part.file, line: block.line, when: block.when });
      } else {
        declare(child.id, { kind: child.type, file: part.file, line: child.line, when: child.when });
      }
    }
  }
  return ids;
}

/** Every template of the model: part titles, subsection titles and blocks, in document order. */
export function allTemplates(parts: readonly Part[]): Template[] {
  const templates: Template[] = [];
  for (const part of parts) {
    templates.push(part.title);
    for (const child of part.children) {
      if (child.type === 'subsection') {
        templates.push(child.title, ...child.children.map((block) => block.template));
      } else {
        templates.push(child.template);
      }
    }
  }
  return templates;
}
