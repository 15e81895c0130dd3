import { describeConditions, textBlocks, type Model, type PublisherPolicy, type TextBlock, type TextPart } from '@school-policy/core';
import { policyText } from '@school-policy/generator';
import type { SitePolicy } from './policies';

/** Where one id appears: in a publisher's template of the release, at a number, with its anchor. */
export interface ClauseUse {
  publisher: PublisherPolicy;
  number: string | undefined;
  href: string;
}

/** One id of the model: a subsection, clause, text or form. */
export interface ClauseEntry {
  id: string;
  kind: 'subsection' | 'clause' | 'text' | 'form';
  /** When its wordings apply, as the part file writes it (`variant=la edition=county-*`); empty when always. */
  conditions: string[];
  /** The opening words of its first use, so a reader can tell clauses apart. */
  preview: string | undefined;
  uses: ClauseUse[];
}

/** One part of the model, with every id declared in it, in the order of its file. */
export interface ClausePart {
  id: string;
  /** Its title as the first publisher's template words it (numbers differ from one template to another). */
  title: string;
  file: string;
  entries: ClauseEntry[];
}

const previewWords = 18;

/**
 * The clause browser of a model release: every part, subsection and block id the release
 * declares, in order, and where each appears in each publisher's template of that release.
 */
export function clauseBrowser(model: Model, templates: SitePolicy[]): ClausePart[] {
  // Each template's blocks and subsections by id (the first of each id), looked up once for every id the release declares.
  const texts = templates.map((entry) => {
    const text = policyText(entry.policy);
    const blocks = new Map<string, TextBlock>();
    for (const { block } of textBlocks(text)) if (!blocks.has(block.id)) blocks.set(block.id, block);
    return { entry, text, blocks, subsections: subsectionsIn(text.parts) };
  });
  const find = (id: string) =>
    texts.flatMap(({ entry, blocks, subsections }) => {
      const found = blocks.get(id) ?? subsections.get(id);
      return found ? [{ entry, found }] : [];
    });
  return model.parts.map((part): ClausePart => {
    const heading = texts.map(({ text }) => text.parts.find((candidate) => candidate.id === part.id)).find(Boolean);
    const entries = new Map<string, ClauseEntry>();
    const add = (id: string, kind: ClauseEntry['kind'], conditions: string) => {
      const existing = entries.get(id);
      if (existing) {
        if (conditions && !existing.conditions.includes(conditions)) existing.conditions.push(conditions);
        return;
      }
      const uses = find(id);
      const first = uses[0]?.found;
      const preview = first && 'text' in first ? opening(first.text) : first && 'title' in first ? first.title : undefined;
      entries.set(id, {
        id,
        kind,
        conditions: conditions ? [conditions] : [],
        preview,
        uses: uses.map(({ entry, found }) => ({ publisher: entry.publisher, number: found.number, href: `${entry.href}#${id}` })),
      });
    };
    for (const child of part.children) {
      add(child.id, child.type, describeConditions(child.when));
      if (child.type === 'subsection') for (const block of child.children) add(block.id, block.type, describeConditions(block.when));
    }
    return { id: part.id, title: heading ? heading.title : part.title.text, file: part.file, entries: [...entries.values()] };
  });
}

/** The template's subsections by id, the first of each id in the order of its parts. */
function subsectionsIn(parts: TextPart[]): Map<string, { number: string; title: string }> {
  const subsections = new Map<string, { number: string; title: string }>();
  for (const part of parts) {
    for (const child of part.children) if (child.type === 'subsection' && !subsections.has(child.id)) subsections.set(child.id, child);
  }
  return subsections;
}

function opening(text: string): string {
  const words = text.split(/\s+/).filter(Boolean);
  return words.length > previewWords ? `${words.slice(0, previewWords).join(' ')} …` : words.join(' ');
}
