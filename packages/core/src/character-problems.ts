import { isMap, isPair, isScalar, isSeq, type LineCounter } from 'yaml';
import { problem, type Location, type PolicyError } from './problem.js';
import { RefusedCharacter } from './problem-kinds.js';
import { refusedCharacters, type RefusedCharacterFound } from './refused-characters.js';

/** One problem for the first refused character of a text, counting the rest. */
function refusedProblem(at: Location, field: string, found: readonly RefusedCharacterFound[]): PolicyError {
  const [first] = found;
  return problem(RefusedCharacter, at, [field, first!.code, first!.name, first!.position, first!.why, found.length - 1], [first!.why]);
}

/**
 * Every string of a parsed YAML file, key or value, checked for characters no value may hold: one
 * problem for each string that has any, at the line of the first such character where the file
 * holds it as it is (not written as an escape such as "\0"), else at the start of the value.
 */
export function yamlCharacterProblems(source: { file: string; doc: { contents: unknown }; lines: LineCounter; lineOffset: number }, text: string): PolicyError[] {
  const problems: PolicyError[] = [];
  const stack: [unknown, string][] = [[source.doc.contents, '']];
  while (stack.length > 0) {
    const [node, path] = stack.pop()!;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : '';
        const inner = path ? `${path}.${key}` : key;
        stack.push([pair.value, inner]);
        if (isScalar(pair.key)) stack.push([pair.key, `The name of the field ${inner}`]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => stack.push([item, `${path}[${index}]`]));
    } else if (isScalar(node) && typeof node.value === 'string') {
      const found = refusedCharacters(node.value);
      if (found.length === 0) continue;
      const [start, end] = node.range ?? [0, 0];
      const literal = text.slice(start, end).indexOf(found[0]!.character);
      const pos = source.lines.linePos(literal >= 0 ? start + literal : start);
      problems.push(refusedProblem({ file: source.file, line: pos.line + source.lineOffset, column: pos.col, field: path || undefined }, path || 'The value', found));
    }
  }
  return problems.sort((a, b) => (a.location.line ?? 0) - (b.location.line ?? 0) || (a.location.column ?? 0) - (b.location.column ?? 0));
}

/**
 * A template's text (a part file after its front matter, or a release's notes), checked line by
 * line: one problem for each line with a refused character.
 */
export function textCharacterProblems(file: string, text: string, firstLine: number, what = 'This line of the template'): PolicyError[] {
  if (refusedCharacters(text).length === 0) return [];
  return text.split('\n').flatMap((line, index) => {
    const found = refusedCharacters(line.replace(/\r$/, ''));
    return found.length === 0 ? [] : [refusedProblem({ file, line: firstLine + index, column: found[0]!.position }, what, found)];
  });
}
