import type { PolicyText, TextBlock } from '@school-policy/core';
import type { FilledBlock, FilledForm, FilledPolicy } from './filled-policy.js';
import { blockText } from './render-text.js';

/** A filled policy as its words: what an adopted version freezes and the diff engine compares. */
export function policyText(policy: FilledPolicy): PolicyText {
  const block = (filled: FilledBlock | FilledForm): TextBlock => {
    const text: TextBlock = { type: filled.type, id: filled.id, number: filled.type === 'form' ? undefined : filled.number, markdown: filled.markdown, text: blockText(filled) };
    // Only own words are marked, so that a version without any keeps the fingerprint it always had.
    if (filled.type !== 'form' && filled.own) text.own = filled.own;
    return text;
  };
  return {
    title: policy.model.title,
    school: policy.school.name,
    dateLine: policy.dateLine,
    parts: policy.parts.map((part) => ({
      id: part.id,
      kind: part.kind,
      number: part.number,
      label: part.label,
      title: part.title.text,
      children: part.children.map((child) =>
        child.type === 'subsection'
          ? { type: 'subsection', id: child.id, number: child.number, title: child.title.text, children: child.children.map(block) }
          : block(child),
      ),
    })),
  };
}
