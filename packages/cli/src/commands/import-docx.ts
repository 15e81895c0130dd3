import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { blocksWithId, lockOf, modelRelease, resolveAdopted, resolvePolicy, schoolWordingFile, type OwnWording } from '@school-policy/core';
import { bookmarkName, fillPolicy, findVersion, ownMark, readPolicyDocx, renderDocx, withApproval, type DocxPiece, type FilledBlock, type FilledPolicy } from '@school-policy/generator';
import { UsageError, type Io } from '../io.js';
import { projectRoot, reportProblems } from '../project.js';
import { policyToWord, wordingYaml, writeWording } from './renew.js';

export interface ImportDocxOptions {
  school: string | undefined;
  file: string | undefined;
  policy: string | undefined;
  /** Take the changes that may be taken, and leave out (and list) the refused ones. */
  skipRefused: boolean | undefined;
  dryRun: boolean | undefined;
  root: string | undefined;
}

const usage = 'policy import-docx <school-id> <file.docx> [--policy ID] [--skip-refused] [--dry-run]';

/** A clause of the document as compared: its id, number, and paragraphs as Markdown. */
interface Clause {
  id: string;
  label: string;
  text: string;
}

/**
 * `policy import-docx <school-id> <file.docx>`: reads back a policy's Word document the school
 * edited, and turns each change to a clause the model and the publisher let it change into the
 * school's own wording (its `<model>.wording.yaml`), each clause it added after one it may add
 * to into a clause of its own, and each optional clause it deleted into one left out. A change to
 * a locked clause, or to the structure (a heading, a clause deleted that is not optional, a clause
 * moved), is refused, naming the clause and why; then nothing is written, unless --skip-refused
 * asks for the rest to be taken. A file that is not a policy's Word document this program made,
 * or is another school's or another release's, is refused before anything is read into the
 * school's files.
 */
export async function importDocx(io: Io, options: ImportDocxOptions): Promise<number> {
  if (!options.school || !options.file) throw new UsageError(`Name the school and the Word document. Usage: ${usage}`);
  const path = resolve(io.cwd, options.file);
  if (!existsSync(path)) throw new UsageError(`There is no file ${options.file}. Usage: ${usage}`);
  if (!statSync(path).isFile()) throw new UsageError(`${options.file} is not a file: give the Word document (.docx) to import. Usage: ${usage}`);
  const read = readPolicyDocx(new Uint8Array(readFileSync(path)));
  if ('notOurs' in read) {
    io.stderr.write(`${options.file} was not imported: ${read.notOurs}. Only a Word document made by policy render or the site, then edited, can be imported. Nothing was written.\n`);
    return 1;
  }
  const properties = read.properties;
  if (properties.school !== options.school) {
    io.stderr.write(`${options.file} is the Word document of ${properties.school}'s ${properties.policy} policy, not ${options.school}'s. Nothing was written.\n`);
    return 1;
  }
  const model = options.policy ?? properties.policy;
  if (model !== properties.policy) {
    io.stderr.write(`${options.file} is the Word document of the ${properties.policy} policy, not of ${model}. Nothing was written.\n`);
    return 1;
  }
  const root = projectRoot(io, options.root);
  const loaded = policyToWord(io, root, options.school, model, 'import-docx');
  if (typeof loaded === 'number') return loaded;
  const { project, school, publisher } = loaded;
  const wordingFile = schoolWordingFile(school.publisher, school.id, model);
  const draftCommand = `policy render ${school.id} --policy ${model} --version draft --format docx --out ${school.id}-${model}.docx`;
  if (properties.release !== publisher.release) {
    io.stderr.write(
      `${options.file} is of release ${properties.release} of the ${model} model, but ${school.name}'s draft is of release ${publisher.release}, the one ${publisher.name} now publishes: its words would be carried onto the wrong release. Make the changes in a Word document of the draft (${draftCommand}) and import that. Nothing was written.\n`,
    );
    return 1;
  }
  const record = school.wording;
  if (record && (record.wording.release !== publisher.release || record.conflicts.length > 0)) {
    io.stderr.write(
      `${record.file} ${record.conflicts.length > 0 ? 'has conflicts still to resolve' : `is written against release ${record.wording.release}`}: run policy renew ${school.id} --policy ${model} first, then import the document. Nothing was written.\n`,
    );
    return 1;
  }
  const version = findVersion(school, properties.version);
  if (!version) {
    io.stderr.write(`${options.file} is of version ${properties.version} of ${school.name}'s ${model} policy, which it does not have. Make the changes in a Word document of the draft (${draftCommand}) and import that. Nothing was written.\n`);
    return 1;
  }

  // What the document held when it was made: the same version rendered again, and read back the same way.
  const filled: FilledPolicy = version === 'draft' ? fillPolicy(resolvePolicy(project, school.id, model)) : withApproval(fillPolicy(resolveAdopted(project, school, version)), version);
  const reference = readPolicyDocx(await renderDocx(filled));
  if ('notOurs' in reference) throw new Error(`The Word document of ${school.id} could not be read back: ${reference.notOurs}`);
  const marks = new Set((['school', 'publisher'] as const).map((own) => `*${ownMark(filled, own)}*`));
  const blocks = new Map<string, FilledBlock>();
  for (const block of filledBlocks(filled)) blocks.set(bookmarkName(block.id), block);
  const clausesOf = (pieces: DocxPiece[]) => pieces.flatMap((piece): Clause[] => {
    if (piece.kind !== 'clause') return [];
    const block = blocks.get(piece.bookmark);
    if (!block) return [];
    return [{ id: block.id, label: block.number ? `Clause ${block.number} (${block.id})` : `The text "${block.id}"`, text: piece.paragraphs.filter((p) => !marks.has(p)).join('\n\n') }];
  });
  const before = clausesOf(reference.pieces);
  const after = clausesOf(read.pieces);
  const modelNow = modelRelease(project, model, publisher.release);
  const owner = { kind: 'school' as const, locks: publisher.locks, publisherName: publisher.name, publisherFile: publisher.file };
  const wording: OwnWording = record ? structuredClone(record.wording) : { release: publisher.release, reworded: {}, added: [], omitted: [] };
  const ownAdded = new Set(wording.added.map((clause) => clause.id));
  const refused: string[] = [];
  const taken: string[] = [];

  const headings = (pieces: DocxPiece[]) => pieces.flatMap((piece) => (piece.kind === 'heading' ? [piece.text] : []));
  const headingsBefore = headings(reference.pieces);
  const headingsAfter = headings(read.pieces);
  if (headingsBefore.join('\n') !== headingsAfter.join('\n')) {
    const changed = headingsAfter.find((heading) => !headingsBefore.includes(heading)) ?? headingsBefore.find((heading) => !headingsAfter.includes(heading));
    refused.push(`The headings: ${changed ? `"${changed}" is not one of the policy's headings as they were` : 'they are in another order'}. The policy's parts and subsections are the model's; change only the words of clauses.`);
  }
  const order = new Map(before.map((clause, index) => [clause.id, index]));
  let last = -1;
  for (const clause of after) {
    const at = order.get(clause.id)!;
    if (at < last) refused.push(`${clause.label}: it has moved. The order of the clauses is the model's; put it back where it was.`);
    last = Math.max(last, at);
  }
  for (const clause of before) {
    if (after.some((candidate) => candidate.id === clause.id)) continue;
    if (ownAdded.has(clause.id)) {
      wording.added = wording.added.filter((added) => added.id !== clause.id);
      taken.push(`${clause.label}: your own clause, deleted: taken out.`);
    } else if (blocksWithId(modelNow, clause.id).every((block) => block.optional)) {
      if (!wording.omitted.includes(clause.id)) wording.omitted.push(clause.id);
      taken.push(`${clause.label}: deleted, and the model marks it optional: left out.`);
    } else {
      refused.push(`${clause.label}: it was deleted, but the model does not mark it optional, so it cannot be left out. Put it back.`);
    }
  }
  for (const clause of after) {
    const was = before.find((candidate) => candidate.id === clause.id)!;
    if (was.text === clause.text) continue;
    if (ownAdded.has(clause.id)) {
      wording.added = wording.added.map((added) => (added.id === clause.id ? { ...added, text: clause.text } : added));
      taken.push(`${clause.label}: your own clause, reworded.`);
      continue;
    }
    const lock = lockOf(modelNow, clause.id, owner);
    if (lock) {
      refused.push(`${clause.label}: its words were changed, but it is a clause ${lock.who}: ${lock.why.replace(/^./, (c) => c.toLowerCase())}`);
      continue;
    }
    wording.reworded[clause.id] = clause.text;
    taken.push(`${clause.label}: now the school's own wording.`);
  }
  // Numbered paragraphs with no bookmark: clauses the school added, each after the clause before it.
  let previous: string | undefined;
  const ids = new Set([...before.map((clause) => clause.id), ...wording.added.map((clause) => clause.id)]);
  for (const piece of read.pieces) {
    if (piece.kind === 'clause') previous = blocks.get(piece.bookmark)?.id ?? previous;
    if (piece.kind === 'heading') previous = undefined;
    if (piece.kind !== 'new-clause') continue;
    if (!previous) {
      refused.push(`A new clause, "${excerpt(piece.paragraphs[0]!)}": it is not after a clause, so it cannot be placed. Put it after a clause the model lets you add to.`);
      continue;
    }
    const anchor = previous;
    const lock = ownAdded.has(anchor) || wording.added.some((added) => added.id === anchor) ? undefined : lockOf(modelNow, anchor, { ...owner, locks: [] });
    if (lock) {
      refused.push(`A new clause after ${anchor}, "${excerpt(piece.paragraphs[0]!)}": ${lock.who} ${anchor}, so nothing may be added after it. Move it after a clause the model marks editable.`);
      continue;
    }
    const id = uniqueId(piece.paragraphs[0]!, ids);
    ids.add(id);
    const at = wording.added.findIndex((added) => added.after === anchor);
    const clause = { id, after: anchor, text: piece.paragraphs.join('\n\n') };
    if (at >= 0) wording.added.splice(at, 0, clause);
    else wording.added.push(clause);
    // Another new clause straight after this one follows it.
    previous = id;
    taken.push(`A new clause after ${anchor}, "${excerpt(clause.text)}": a clause of the school's own, ${id}.`);
  }

  const lines = [`Read ${options.file}, the Word document of ${school.name}'s ${model} policy (${properties.version}, release ${properties.release}):`];
  for (const line of taken) lines.push(`  ${line}`);
  if (taken.length === 0 && refused.length === 0) lines.push('  no clause was changed.');
  if (refused.length > 0) {
    const refusal = [`${options.file}: ${refused.length === 1 ? 'a change was' : `${refused.length} changes were`} refused:`, ...refused.map((line) => `  ${line}`)];
    if (!options.skipRefused) {
      io.stderr.write(`${refusal.join('\n')}\nNothing was written. Undo ${refused.length === 1 ? 'that change' : 'those changes'} in the document and import it again${taken.length > 0 ? `, or give --skip-refused to take the ${taken.length === 1 ? 'other change' : `other ${taken.length} changes`} without ${refused.length === 1 ? 'it' : 'them'}` : ''}.\n`);
      return 1;
    }
    io.stderr.write(`${refusal.join('\n')}\nThese were left out (--skip-refused).\n`);
  }
  if (taken.length === 0) {
    io.stdout.write(`${lines.join('\n')}\nNothing to write.\n`);
    return refused.length > 0 ? 1 : 0;
  }
  if (options.dryRun) {
    io.stdout.write(`${lines.join('\n')}\nThis was a dry run: ${wordingFile} is unchanged.\n`);
    return 0;
  }
  const previousText = existsSync(join(root, wordingFile)) ? readFileSync(join(root, wordingFile), 'utf8') : undefined;
  const problemsAfter = writeWording(root, project, wordingFile, wordingYaml(wording, [], school), school, previousText);
  if (problemsAfter.length > 0) {
    reportProblems(io, problemsAfter, `Nothing was written: ${wordingFile} is as it was.`);
    return 1;
  }
  io.stdout.write(`${lines.join('\n')}\nWrote ${wordingFile}.\nNext: read the draft (policy render ${school.id} --policy ${model} --version draft), then adopt it once the governors approve it.\n`);
  return 0;
}

function* filledBlocks(policy: FilledPolicy): Generator<FilledBlock> {
  for (const part of policy.parts) {
    for (const child of part.children) {
      if (child.type === 'subsection') {
        for (const inner of child.children) if (inner.type !== 'form') yield inner;
      } else if (child.type !== 'form') yield child;
    }
  }
}

function excerpt(text: string): string {
  const words = text.replace(/[\\*_[\]]/g, '').split(/\s+/);
  return words.length > 8 ? `${words.slice(0, 8).join(' ')} …` : words.join(' ');
}

/** An id for a clause the school added in Word: `our-` and its first words, made unique. */
function uniqueId(text: string, taken: ReadonlySet<string>): string {
  const words = text.toLowerCase().replace(/[^a-z0-9\s]/g, '').split(/\s+/).filter(Boolean).slice(0, 4);
  const base = `our-${words.join('-') || 'clause'}`;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}
