import Handlebars from 'handlebars';
import { checkConditions, type Condition, type ConditionNames } from './conditions.js';
import { problem, type PolicyError } from './problem.js';
import { TemplateSyntax, UnguardedOptional, UnknownParameter, UnsupportedTemplate } from './problem-kinds.js';
import { suggest } from './suggest.js';

/** Values every template may use without declaring them: they come from the school and publisher files. */
export const builtInParameters = ['school.name', 'school.id', 'publisher.name', 'publisher.id', 'variant', 'document'] as const;

/** Block helpers a template may use, and the inline helpers. */
const blockHelpers = new Set(['if', 'unless', 'each', 'is']);
/** `{{#is name "value" …}}…{{else}}…{{/is}}` chooses wording by variant, module, or a choice or true-or-false parameter. */
export const isHelper = 'is';
/** `{{ref "id"}}` inserts the computed number of a part, subsection or clause. */
export const referenceHelper = 'ref';
/** `{{capitalise name}}` inserts a value with its first letter in upper case, to start a sentence or label. */
export const capitaliseHelper = 'capitalise';

/** A piece of Handlebars-in-Markdown from a model file, with where it starts and what it uses. */
export interface Template {
  text: string;
  file: string;
  /** 1-based line and column of the template's first character in its file. */
  line: number;
  column: number;
  /** The parameters it uses, sorted. */
  parameters: string[];
  /** The ids it refers to with {{ref "id"}}, to be numbered at render time. */
  refs: { id: string; line: number; column: number }[];
}

export interface TemplateContext {
  /** Every parameter name the model declares, plus the built-in ones. */
  known: ReadonlySet<string>;
  /** Parameters that may have no value: optional, with no default. */
  optional: ReadonlySet<string>;
  /** What `{{#is}}` may test, with the values each can have. */
  conditions: ConditionNames;
  /** Optional parameters that are required under conditions: inside a matching `{{#is}}`, they need no `{{#if}}`. */
  requiredWhen: ReadonlyMap<string, readonly Condition[]>;
  /** The file that declares the parameters, for hints. */
  parametersFile: string;
}

type Where = { file: string; line: number; column: number };

/**
 * Parses a template and checks it: valid Handlebars, only declared parameters, no unescaped
 * output, no partials. Returns the template with the parameters and references it uses.
 */
export function analyseTemplate(
  text: string,
  at: Where,
  context: TemplateContext,
  /** The conditions of the part and block the template sits in, which hold wherever it is used. */
  enclosing: readonly Condition[] = [],
): { template: Template; problems: PolicyError[] } {
  const template: Template = { text, ...at, parameters: [], refs: [] };
  const problems: PolicyError[] = [];
  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parseWithoutProcessing(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = Number(/line (\d+)/.exec(message)?.[1] ?? 1);
    const detail = message.split('\n').filter((l) => l.startsWith('Expecting') || l.includes('doesn\'t match')).join(' ') || message.split('\n')[0]!;
    problems.push(problem(TemplateSyntax, { file: at.file, line: at.line + line - 1 }, [detail]));
    return { template, problems };
  }

  const used = new Set<string>();
  const where = (loc: hbs.AST.SourceLocation | undefined): Where => {
    if (!loc) return at;
    return {
      file: at.file,
      line: at.line + loc.start.line - 1,
      column: loc.start.line === 1 ? at.column + loc.start.column : loc.start.column + 1,
    };
  };
  const unsupported = (node: hbs.AST.Node, what: string, why: string) =>
    problems.push(problem(UnsupportedTemplate, where(node.loc), [what], [why]));

  /** Optional parameters known to have a value here, because an enclosing {{#if}} tested them. */
  const guarded: string[] = [];
  /** The {{#is}} blocks around the current position, by what they test. */
  const isGuards: Condition[] = [...enclosing];
  const requiredHere = (name: string) =>
    (context.requiredWhen.get(name) ?? []).length > 0 &&
    context.requiredWhen.get(name)!.every((needed) => isGuards.some((guard) => guard.name === needed.name && guard.values.every((value) => needed.values.includes(value))));
  const checkPath = (path: hbs.AST.PathExpression, eachDepth: number, output = false) => {
    let name = path.original;
    if (path.data) {
      if (name.startsWith('@root.')) name = name.slice('@root.'.length);
      else if (eachDepth > 0 && ['@index', '@first', '@last', '@key'].includes(name)) return;
      else return unsupported(path, `{{${name}}}`, 'The only data variables are @index, @first and @last inside {{#each}}, and @root.name for a parameter inside {{#each}}.');
    } else if (eachDepth > 0) {
      if (name === 'this' || name === '.') return;
      return unsupported(path, `{{${name}}} inside {{#each}}`, `Inside {{#each}}, write {{this}} for the item, or {{@root.${name.replace(/^(\.\.\/)+/, '')}}} for a parameter.`);
    }
    if (path.depth > 0 || name.includes('/')) {
      return unsupported(path, `{{${name}}}`, 'Name parameters by their dotted names, such as {{employer.name}}.');
    }
    if (context.known.has(name)) {
      used.add(name);
      if (output && context.optional.has(name) && !guarded.includes(name) && !requiredHere(name)) {
        problems.push(problem(UnguardedOptional, where(path.loc), [name], [name]));
      }
      return;
    }
    problems.push(problem(UnknownParameter, where(path.loc), [name], [suggest(name, context.known), context.parametersFile]));
  };

  const checkExpression = (node: hbs.AST.Expression, eachDepth: number, output = false) => {
    if (node.type === 'PathExpression') checkPath(node as hbs.AST.PathExpression, eachDepth, output);
    else if (node.type === 'SubExpression') unsupported(node, 'A sub-expression (…)', 'Use a parameter or {{ref "id"}} directly.');
  };

  const visit = (program: hbs.AST.Program | undefined, eachDepth: number) => {
    for (const statement of program?.body ?? []) {
      switch (statement.type) {
        case 'ContentStatement':
        case 'CommentStatement':
          break;
        case 'MustacheStatement': {
          const mustache = statement as hbs.AST.MustacheStatement;
          if (!mustache.escaped) {
            unsupported(mustache, 'Triple braces {{{…}}} or {{&…}}', 'They would insert a value without escaping it; write {{name}} so the value is always shown as text.');
            break;
          }
          const head = mustache.path.type === 'PathExpression' ? (mustache.path as hbs.AST.PathExpression).original : '';
          if (head === referenceHelper) {
            const target = mustache.params[0];
            if (mustache.params.length !== 1 || target?.type !== 'StringLiteral') {
              unsupported(mustache, `{{${referenceHelper}}} without one quoted id`, `Write {{${referenceHelper} "part-or-clause-id"}} to insert the number of that part or clause.`);
            } else {
              template.refs.push({ id: (target as hbs.AST.StringLiteral).value, ...where(target.loc) });
            }
            break;
          }
          if (head === capitaliseHelper) {
            const value = mustache.params[0];
            if (mustache.params.length !== 1 || value?.type !== 'PathExpression') {
              unsupported(mustache, `{{${capitaliseHelper}}} without one parameter`, `Write {{${capitaliseHelper} parameter.name}}.`);
            } else {
              checkExpression(value, eachDepth, true);
            }
            break;
          }
          if (mustache.params.length > 0 || mustache.hash) {
            unsupported(mustache, `{{${head} …}}`, `The helpers are {{${referenceHelper} "id"}} and {{${capitaliseHelper} name}}; a value is written {{name}}.`);
            break;
          }
          checkExpression(mustache.path as hbs.AST.Expression, eachDepth, true);
          break;
        }
        case 'BlockStatement': {
          const block = statement as hbs.AST.BlockStatement;
          const helper = block.path.original;
          if (!blockHelpers.has(helper)) {
            unsupported(block, `{{#${helper}}}`, 'The block helpers are {{#if}}, {{#unless}}, {{#each}} and {{#is}}.');
            break;
          }
          if (helper === isHelper) {
            const [tested, ...values] = block.params;
            if (tested?.type !== 'PathExpression' || values.length === 0 || values.some((value) => value.type !== 'StringLiteral')) {
              unsupported(block, '{{#is}} without a name and quoted values', 'Write {{#is variant "la"}}, {{#is module "model-letters"}} or {{#is choice.name "option" "other-option"}}.');
              break;
            }
            const name = (tested as hbs.AST.PathExpression).original;
            problems.push(...checkConditions([{ name, values: values.map((value) => (value as hbs.AST.StringLiteral).value) }], context.conditions, where(tested.loc)));
            if (context.known.has(name)) used.add(name);
            isGuards.push({ name, values: values.map((value) => (value as hbs.AST.StringLiteral).value) });
            visit(block.program, eachDepth);
            isGuards.pop();
            visit(block.inverse, eachDepth);
            break;
          }
          if (block.params.length !== 1) {
            unsupported(block, `{{#${helper}}} with ${block.params.length} arguments`, `Write {{#${helper} parameter.name}}.`);
            break;
          }
          const tested = block.params[0]!;
          checkExpression(tested, eachDepth);
          const testedName = tested.type === 'PathExpression' ? (tested as hbs.AST.PathExpression).original.replace(/^@root\./, '') : undefined;
          const guard = (program: hbs.AST.Program | undefined, depth: number, isGuarded: boolean) => {
            if (isGuarded && testedName) guarded.push(testedName);
            visit(program, depth);
            if (isGuarded && testedName) guarded.pop();
          };
          guard(block.program, helper === 'each' ? eachDepth + 1 : eachDepth, helper === 'if');
          guard(block.inverse, eachDepth, helper === 'unless');
          break;
        }
        case 'PartialStatement':
        case 'PartialBlockStatement':
          unsupported(statement, 'A partial {{> …}}', 'Write the text in the clause itself; shared text belongs in a clause of its own.');
          break;
        default:
          unsupported(statement, `A ${statement.type}`, 'Clause templates use values {{name}}, {{#if}}, {{#unless}}, {{#each}}, {{#is}}, {{ref "id"}} and {{capitalise name}} only.');
      }
    }
  };
  visit(ast, 0);
  template.parameters = [...used].sort();
  return { template, problems };
}
