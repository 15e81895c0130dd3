import { XMLParser } from 'fast-xml-parser';
import JSZip from 'jszip';

/**
 * Reads a Word document (.docx) as Word reads it: its parts from the zip, its paragraphs in order
 * with their styles and text, and the number Word shows before each numbered paragraph, worked out
 * from its list definitions (word/numbering.xml) and styles the way Word does (ECMA-376 §17.9).
 */

/** One paragraph of a Word document's body, in a table or not. */
export interface WordParagraph {
  style: string | undefined;
  text: string;
  /** The number or bullet Word shows before it, such as `6.13.1`, `Appendix A:` or `•`; none when it is not in a list. */
  label: string | undefined;
  /** The list it is numbered in (its w:numId), and at what level. */
  list: { numId: string; level: number } | undefined;
  /** The text of each highlighted run. */
  highlighted: string[];
}

/** A Word document's parts, by their paths in the package. */
export interface WordPackage {
  files: JSZip;
  part(path: string): Promise<string>;
}

/** Opens a .docx as a zip, failing if it is not one. */
export async function openDocx(bytes: Uint8Array): Promise<WordPackage> {
  const files = await JSZip.loadAsync(bytes);
  return {
    files,
    part: async (path) => {
      const file = files.file(path);
      if (!file) throw new Error(`The Word document has no ${path}`);
      return file.async('string');
    },
  };
}

type XmlNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, parseAttributeValue: false, trimValues: false });

function parse(xml: string): XmlNode[] {
  return parser.parse(xml) as XmlNode[];
}

function tagOf(node: XmlNode): string {
  return Object.keys(node).find((key) => key !== ':@')!;
}

function childrenOf(node: XmlNode): XmlNode[] {
  const value = node[tagOf(node)];
  return Array.isArray(value) ? (value as XmlNode[]) : [];
}

function child(node: XmlNode | undefined, tag: string): XmlNode | undefined {
  return node ? childrenOf(node).find((inner) => tagOf(inner) === tag) : undefined;
}

function attribute(node: XmlNode | undefined, name: string): string | undefined {
  return node?.[':@']?.[name];
}

/** Every element with the tag, in document order. */
function descendants(nodes: XmlNode[], tag: string, found: XmlNode[] = []): XmlNode[] {
  for (const node of nodes) {
    if (tagOf(node) === tag) found.push(node);
    else descendants(childrenOf(node), tag, found);
  }
  return found;
}

/** A paragraph's text: its runs' text, a tab as `\t` and a line break as `\n`. */
function textOf(nodes: XmlNode[]): string {
  return nodes
    .map((node) => {
      const tag = tagOf(node);
      if (tag === '#text') return String(node['#text']);
      if (tag === 'w:t') return textOf(childrenOf(node));
      if (tag === 'w:tab' && childrenOf(node).length === 0) return '\t';
      if (tag === 'w:br') return '\n';
      if (tag === 'w:pPr' || tag === 'w:rPr' || tag === 'w:instrText' || tag === 'w:delText') return '';
      return textOf(childrenOf(node));
    })
    .join('');
}

interface Level {
  start: number;
  format: string;
  text: string;
  style: string | undefined;
}

interface Lists {
  levels: Map<string, Level[]>;
  /** Each list (w:num): its definition (w:abstractNum), and the levels it starts at another number. */
  nums: Map<string, { abstract: string; starts: Map<number, number> }>;
}

function readLists(xml: string): Lists {
  const root = parse(xml);
  const levels = new Map<string, Level[]>();
  for (const abstract of descendants(root, 'w:abstractNum')) {
    const list: Level[] = [];
    for (const level of childrenOf(abstract).filter((node) => tagOf(node) === 'w:lvl')) {
      for (const unsupported of ['w:lvlRestart', 'w:isLgl', 'w:legacy']) {
        if (child(level, unsupported)) throw new Error(`A list level uses ${unsupported}, which this reading of Word's numbering does not follow.`);
      }
      list[Number(attribute(level, 'w:ilvl'))] = {
        start: Number(attribute(child(level, 'w:start'), 'w:val') ?? 0),
        format: attribute(child(level, 'w:numFmt'), 'w:val') ?? 'decimal',
        text: attribute(child(level, 'w:lvlText'), 'w:val') ?? '',
        style: attribute(child(level, 'w:pStyle'), 'w:val'),
      };
    }
    levels.set(attribute(abstract, 'w:abstractNumId')!, list);
  }
  const nums: Lists['nums'] = new Map();
  for (const num of descendants(root, 'w:num')) {
    const starts = new Map<number, number>();
    for (const override of childrenOf(num).filter((node) => tagOf(node) === 'w:lvlOverride')) {
      if (child(override, 'w:lvl')) throw new Error("A list redefines a level, which this reading of Word's numbering does not follow.");
      const start = attribute(child(override, 'w:startOverride'), 'w:val');
      if (start !== undefined) starts.set(Number(attribute(override, 'w:ilvl')), Number(start));
    }
    nums.set(attribute(num, 'w:numId')!, { abstract: attribute(child(num, 'w:abstractNumId'), 'w:val')!, starts });
  }
  // Word counts the lists that share a definition as one; every list here has its own, so each counts alone.
  const definitions = [...nums.values()].map((num) => num.abstract);
  const shared = definitions.filter((abstract, index) => definitions.indexOf(abstract) !== index);
  if (shared.length > 0) throw new Error(`Lists share the definitions ${shared.join(', ')}, which Word would number as one list.`);
  return { levels, nums };
}

interface StyleNumbering {
  basedOn: string | undefined;
  numId: string | undefined;
  level: number | undefined;
}

function readStyles(xml: string): Map<string, StyleNumbering> {
  const styles = new Map<string, StyleNumbering>();
  for (const style of descendants(parse(xml), 'w:style')) {
    const numPr = child(child(style, 'w:pPr'), 'w:numPr');
    const level = attribute(child(numPr, 'w:ilvl'), 'w:val');
    styles.set(attribute(style, 'w:styleId')!, {
      basedOn: attribute(child(style, 'w:basedOn'), 'w:val'),
      numId: attribute(child(numPr, 'w:numId'), 'w:val'),
      level: level === undefined ? undefined : Number(level),
    });
  }
  return styles;
}

/** The numbering a style gives, from itself or the style it is based on. */
function styleNumbering(styles: Map<string, StyleNumbering>, id: string | undefined): { numId: string; level: number | undefined } | undefined {
  for (let style = id ? styles.get(id) : undefined, depth = 0; style && depth < 20; style = style.basedOn ? styles.get(style.basedOn) : undefined, depth++) {
    if (style.numId !== undefined) return { numId: style.numId, level: style.level };
  }
  return undefined;
}

/** A number as a list level shows it. */
function formatNumber(value: number, format: string): string {
  switch (format) {
    case 'decimal':
      return String(value);
    case 'upperLetter':
    case 'lowerLetter': {
      // Word's letters go A … Z, then AA … ZZ, then AAA: the letter repeated, not counted on.
      const letter = String.fromCharCode(65 + ((value - 1) % 26)).repeat(Math.floor((value - 1) / 26) + 1);
      return format === 'upperLetter' ? letter : letter.toLowerCase();
    }
    default:
      throw new Error(`A list level numbers in ${format}, which this reading of Word's numbering does not follow.`);
  }
}

/**
 * Every paragraph of word/document.xml in order, with the number Word shows before it. A
 * paragraph's own list (w:numPr) comes before its style's; a level's number goes up by one with
 * each paragraph at that level, and starts again after a paragraph at a level above it.
 *
 * With `throughStyles`, a paragraph's own list is ignored where its style gives the same list: the
 * numbers Word shows when a paragraph takes its number from its style alone.
 */
export async function wordParagraphs(docx: WordPackage, options: { throughStyles?: boolean } = {}): Promise<WordParagraph[]> {
  const lists = readLists(await docx.part('word/numbering.xml'));
  const styles = readStyles(await docx.part('word/styles.xml'));
  const counters = new Map<string, (number | undefined)[]>();
  return descendants(parse(await docx.part('word/document.xml')), 'w:p').map((paragraph): WordParagraph => {
    const properties = child(paragraph, 'w:pPr');
    const style = attribute(child(properties, 'w:pStyle'), 'w:val');
    const own = child(properties, 'w:numPr');
    const ownNumId = attribute(child(own, 'w:numId'), 'w:val');
    const ownLevel = attribute(child(own, 'w:ilvl'), 'w:val');
    const fromStyle = styleNumbering(styles, style);
    const useOwn = ownNumId !== undefined && !(options.throughStyles && fromStyle?.numId === ownNumId);
    const numId = useOwn ? ownNumId : fromStyle?.numId;
    const highlighted = descendants(childrenOf(paragraph), 'w:r')
      .filter((run) => {
        const highlight = attribute(child(child(run, 'w:rPr'), 'w:highlight'), 'w:val');
        return highlight !== undefined && highlight !== 'none';
      })
      .map((run) => textOf(childrenOf(run)));
    const text = textOf(childrenOf(paragraph));
    if (numId === undefined || numId === '0') return { style, text, label: undefined, list: undefined, highlighted };

    const num = lists.nums.get(numId);
    const levels = num === undefined ? undefined : lists.levels.get(num.abstract);
    if (!num || !levels) throw new Error(`A paragraph is in list ${numId}, which word/numbering.xml does not define.`);
    const linked = levels.findIndex((level) => level?.style === style);
    const level = useOwn ? Number(ownLevel ?? (fromStyle?.numId === numId ? fromStyle.level : undefined) ?? 0) : (fromStyle?.level ?? (linked >= 0 ? linked : 0));
    const definition = levels[level];
    if (!definition) throw new Error(`A paragraph is at level ${level} of list ${numId}, which has no such level.`);
    const start = (at: number) => num.starts.get(at) ?? levels[at]!.start;

    const count = counters.get(numId) ?? [];
    counters.set(numId, count);
    count[level] = count[level] === undefined ? start(level) : count[level]! + 1;
    count.length = level + 1;
    const label =
      definition.format === 'bullet'
        ? definition.text
        : definition.text.replace(/%([1-9])/g, (_whole, digit: string) => {
            const at = Number(digit) - 1;
            return formatNumber(count[at] ?? start(at), levels[at]!.format);
          });
    return { style, text, label, list: { numId, level }, highlighted };
  });
}

/** Every link of a Word document: its text, and where its relationship points. */
export async function wordLinks(docx: WordPackage): Promise<{ text: string; target: string | undefined; external: boolean }[]> {
  const relationships = new Map(
    descendants(parse(await docx.part('word/_rels/document.xml.rels')), 'Relationship').map((node) => [
      attribute(node, 'Id')!,
      { target: attribute(node, 'Target'), external: attribute(node, 'TargetMode') === 'External' && attribute(node, 'Type')!.endsWith('/hyperlink') },
    ]),
  );
  return descendants(parse(await docx.part('word/document.xml')), 'w:hyperlink').map((link) => {
    const relationship = relationships.get(attribute(link, 'r:id') ?? '');
    return { text: textOf(childrenOf(link)), target: relationship?.target, external: relationship?.external ?? false };
  });
}
