import { AlignmentType, LevelFormat, LevelSuffix, LineRuleType, type ILevelsOptions, type INumberingOptions, type IStylesOptions } from 'docx';

/**
 * The Word document's styles and lists. Every heading and clause takes its look and its number
 * from a style, so a school that adds a clause, or applies a style to a paragraph of its own, gets
 * the same look and the numbers that follow renumbered, as in any document made in Word.
 *
 * Measurements are in twentieths of a point (twips) and font sizes in half points, as Word keeps them.
 */

/** The paragraph and character styles' ids, as Word's own where Word has one (Title, Heading 1, Hyperlink). */
export const style = {
  title: 'Title',
  heading1: 'Heading1',
  heading2: 'Heading2',
  clause: 'Clause',
  subclause: 'Subclause',
  /** A clause's second and later paragraphs, and a preamble's unnumbered clauses' text under a number's indent. */
  clauseContinued: 'ClauseContinued',
  formTitle: 'FormTitle',
  dateLine: 'DateLine',
  hyperlink: 'Hyperlink',
} as const;

/** The lists of numbers: the sections (1, 1.1, 1.1.1) and the appendices (Appendix A:, A.1, A.1.1), each one list. */
export const list = {
  sections: 'sections',
  appendices: 'appendices',
  bullets: 'bullets',
} as const;

export const font = 'Arial';
export const colour = { text: '0B0C0C', muted: '484949', link: '1D70B8', rule: '505A5F', shade: 'F3F2F1', draft: '942514' };
/** Font sizes in half points. */
export const size = { body: 22, small: 18, school: 28, title: 44, heading1: 32, heading2: 26, formTitle: 24 };
/** Where a clause's text starts, right of its number (1.75 cm: room for a number such as 12.13.10). */
export const clauseIndent = 992;
/** How far each level of a bulleted or numbered list steps in (0.63 cm, as Word's own lists). */
export const listIndent = 357;
/** A4, with margins of 2 cm. */
export const page = { width: 11906, height: 16838, margin: 1134 };

/** A section's page as every Word document here has it: A4, with the same margin all round. */
export const pageProperties = { size: { width: page.width, height: page.height }, margin: { top: page.margin, bottom: page.margin, left: page.margin, right: page.margin } };
export const textWidth = page.width - 2 * page.margin;
/** The room left to write in a form: a line for a short answer, a box for a longer one. */
export const answerHeight = { line: 567, box: 1701 };

const bodySpacing = { after: 120, line: 276, lineRule: LineRuleType.AUTO };

/**
 * A numbered level: its number at the margin, the text after a tab at the clause indent. The
 * sections' levels name the style that numbers through them, which is how Word links a list to its
 * styles; the appendices' list numbers its paragraphs directly.
 */
function clauseLevel(level: number, text: string, format: ILevelsOptions['format'], linkedStyle: string | undefined): ILevelsOptions {
  return {
    level,
    format,
    text,
    alignment: AlignmentType.LEFT,
    suffix: LevelSuffix.TAB,
    style: {
      paragraph: { indent: { left: clauseIndent, hanging: clauseIndent }, leftTabStop: clauseIndent },
      ...(linkedStyle ? { style: linkedStyle } : {}),
    },
  };
}

/** A part's heading: its number or letter, then a space and its title. */
function headingLevel(text: string, format: ILevelsOptions['format'], linkedStyle: string | undefined): ILevelsOptions {
  return { level: 0, format, text, alignment: AlignmentType.LEFT, suffix: LevelSuffix.SPACE, style: { paragraph: { indent: { left: 0, hanging: 0 } }, ...(linkedStyle ? { style: linkedStyle } : {}) } };
}

/**
 * The multi-level lists. Sections are `1`, their clauses and subsections `1.1`, a subsection's
 * clauses `1.1.1`; appendices are `Appendix A:`, `A.1`, `A.1.1`. Each level starts again after
 * the level above it, and clauses and subsections share a level, as the policy numbers them, so
 * Word shows exactly the policy's numbers. `appendix` is the words before an appendix's letter,
 * with `%1` where the letter goes.
 */
export function numbering(appendix: string): INumberingOptions {
  const bullets = ['•', '◦', '▪'];
  return {
    config: [
      {
        reference: list.sections,
        levels: [headingLevel('%1', LevelFormat.DECIMAL, style.heading1), clauseLevel(1, '%1.%2', LevelFormat.DECIMAL, style.clause), clauseLevel(2, '%1.%2.%3', LevelFormat.DECIMAL, style.subclause)],
      },
      {
        reference: list.appendices,
        levels: [headingLevel(`${appendix}:`, LevelFormat.UPPER_LETTER, undefined), clauseLevel(1, '%1.%2', LevelFormat.DECIMAL, undefined), clauseLevel(2, '%1.%2.%3', LevelFormat.DECIMAL, undefined)],
      },
      {
        reference: list.bullets,
        levels: Array.from({ length: 9 }, (_, level) => ({
          level,
          format: LevelFormat.BULLET,
          text: bullets[level % bullets.length]!,
          alignment: AlignmentType.LEFT,
          suffix: LevelSuffix.TAB,
          style: { paragraph: { indent: { left: (level + 1) * listIndent, hanging: listIndent } }, run: { font } },
        })),
      },
    ],
  };
}

/** A numbered list of the policy's own (`1.`, `2.`), each one its own list so that each starts at its own first number. */
export function orderedList(reference: string, start: number): INumberingOptions['config'][number] {
  return {
    reference,
    levels: Array.from({ length: 9 }, (_, level) => ({
      level,
      format: LevelFormat.DECIMAL,
      text: `%${level + 1}.`,
      start: level === 0 ? start : 1,
      alignment: AlignmentType.LEFT,
      suffix: LevelSuffix.TAB,
      style: { paragraph: { indent: { left: (level + 1) * listIndent, hanging: listIndent } } },
    })),
  };
}

/** The document's styles: Arial throughout, in British English; headings and clauses numbered through their styles. */
export function styles(language: string): IStylesOptions {
  const heading = { font, color: colour.text, bold: true };
  return {
    default: {
      document: { run: { font, size: size.body, color: colour.text, language: { value: language } }, paragraph: { spacing: bodySpacing } },
      // Single line spacing, so that the school's name and the policy's title, on two lines of different sizes, never overlap.
      title: { run: { font, size: size.title, bold: true, color: colour.text }, paragraph: { spacing: { after: 120, line: 240, lineRule: LineRuleType.AUTO }, keepNext: true } },
      heading1: {
        run: { ...heading, size: size.heading1 },
        paragraph: { spacing: { before: 360, after: 160 }, keepNext: true, keepLines: true, outlineLevel: 0, numbering: { reference: list.sections, level: 0 } },
      },
      heading2: {
        run: { ...heading, size: size.heading2 },
        paragraph: { spacing: { before: 240, after: 120 }, keepNext: true, keepLines: true, outlineLevel: 1, numbering: { reference: list.sections, level: 1 } },
      },
      hyperlink: { run: { color: colour.link, underline: {} } },
    },
    paragraphStyles: [
      {
        id: style.clause,
        name: 'Clause',
        basedOn: 'Normal',
        next: style.clause,
        quickFormat: true,
        paragraph: { numbering: { reference: list.sections, level: 1 } },
      },
      {
        id: style.subclause,
        name: 'Subclause',
        basedOn: 'Normal',
        next: style.subclause,
        quickFormat: true,
        paragraph: { numbering: { reference: list.sections, level: 2 } },
      },
      { id: style.clauseContinued, name: 'Clause Continued', basedOn: 'Normal', quickFormat: true, paragraph: { indent: { left: clauseIndent } } },
      { id: style.formTitle, name: 'Form Title', basedOn: 'Normal', next: 'Normal', paragraph: { keepNext: true, spacing: { before: 240, after: 120 } }, run: { bold: true, size: size.formTitle } },
      { id: style.dateLine, name: 'Date Line', basedOn: 'Normal', next: 'Normal', paragraph: { spacing: { after: 360 } }, run: { color: colour.muted } },
    ],
  };
}
