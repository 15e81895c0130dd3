import { describeConditions, textBlocks, type Model, type PublisherPolicy, type TextPart } from '@school-policy/core';
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
  const texts = templates.map((entry) => ({ entry, text: policyText(entry.policy) }));
  const find = (id: string) =>
    texts.flatMap(({ entry, text }) => {
      const found = textBlocks(text).find(({ block }) => block.id === id)?.block ?? subsectionIn(text.parts, id);
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

function subsectionIn(parts: TextPart[], id: string): { number: string; title: string } | undefined {
  for (const part of parts) {
    for (const child of part.children) if (child.type === 'subsection' && child.id === id) return child;
  }
  return undefined;
}

function opening(text: string): string {
  const words = text.split(/\s+/).filter(Boolean);
  return words.length > previewWords ? `${words.slice(0, previewWords).join(' ')} …` : words.join(' ');
}
