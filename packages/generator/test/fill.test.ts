import { PolicyProblems } from '@school-policy/core';
import { describe, expect, it } from 'vitest';
import { fillPolicy, renderText } from '../src/index.js';
import { filledDemo, hostileSchool, hostileValues, resolvedDemo, schoolFile } from './policy.js';

describe('filling a school policy', () => {
  it("puts the school's values into the clauses, formatted for reading", () => {
    const text = renderText(filledDemo());
    expect(text).toContain('2.1 Staff may spend 20 minutes a day, from 4:00pm.');
    expect(text).toContain('1.1 First School follows this policy, set by Demo County Council.');
  });

  it('writes the computed number wherever a template refers to a part', () => {
    expect(renderText(filledDemo())).toContain('1.2 See section 2 and Appendix A.');
  });

  it('fills part titles too', () => {
    expect(renderText(filledDemo())).toContain('\n2 Rules at First School\n');
  });

  it('leaves out an optional list the school does not give, and lists it when given', () => {
    expect(renderText(filledDemo())).toContain('Read also:\n    - the staff code\n\n');
    const withList = renderText(filledDemo({ [schoolFile]: (text) => `${text}      extraPolicies:\n        - Acceptable Use Policy\n` }));
    expect(withList).toContain('Read also:\n    - the staff code\n    - Acceptable Use Policy\n');
  });

  it('shows every value exactly as typed, never as markup or template code', () => {
    const text = renderText(filledDemo({ [schoolFile]: hostileSchool }));
    for (const value of hostileValues) expect(text).toContain(value);
    expect(text).toContain(`1.1 ${hostileValues[0]} Primary follows this policy`);
  });

  it('stops with the parameter, the school and the template line when a value is missing', () => {
    const policy = resolvedDemo();
    delete policy.values.quotaMinutes;
    let error: unknown;
    try {
      fillPolicy(policy);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PolicyProblems);
    expect((error as PolicyProblems).problems.map((p) => p.format())).toEqual([
      `templates/demo/2024-06/parts/rules.md:9 {{quotaMinutes}} has no value for First School.\n    Give it a value in ${schoolFile}, or guard its use in the template with {{#if quotaMinutes}}.`,
    ]);
  });
});

describe('forms', () => {
  it('reads headings as groups, plain items as fields and ticked items as choices', () => {
    const appendix = filledDemo().parts[2]!;
    const approving = appendix.children[1]!;
    expect(approving.type).toBe('subsection');
    if (approving.type !== 'subsection') return;
    const form = approving.children[1]!;
    expect(form.type).toBe('form');
    if (form.type !== 'form') return;
    expect(form.groups.map((group) => ({ title: group.title?.text, items: group.items.map((item) => item.type === 'choices' ? item.options.map((o) => o.text) : `${item.type}:${'label' in item && item.label ? item.label.text : ''}${item.type === 'field' ? `:${item.size}` : ''}`) }))).toEqual([
      { title: 'Details', items: ['field:Name:line', 'field:Why do you want it?:box', ['Yes', 'No']] },
    ]);
  });
});
