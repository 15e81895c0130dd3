import { holds, type Condition, type ConditionSubject } from './conditions.js';
import type { Model } from './model.js';
import type { Variant } from './schemas/publisher.js';
import type { Template } from './template.js';
import { valueAt } from './yaml-source.js';

/**
 * The settings conditions are tested against for a publisher or a school: its variant, the modules
 * switched on, and each parameter's value from its default, its default for the variant, then
 * each `details:` mapping in turn (the publisher's, then the school's).
 */
export function subjectOf(model: Model, variant: Variant, modules: readonly string[], details: readonly Record<string, unknown>[]): ConditionSubject {
  const values = new Map<string, unknown>();
  for (const parameter of model.parameters) {
    const path = parameter.name.split('.');
    let value = parameter.defaultByVariant?.[variant] ?? parameter.default;
    for (const layer of details) value = valueAt(layer, path) ?? value;
    values.set(parameter.name, value);
  }
  return { variant, document: 'school', modules: new Set(modules), values };
}

/**
 * The parameters a policy with these settings uses: those in the titles and blocks of the parts,
 * subsections and blocks that apply, and those whose values choose what applies. A required
 * parameter must have a value only where it is used, so a publisher of one edition need not give
 * the details of another edition's clauses, nor a school those of a module it has not switched on.
 */
export function parametersInUse(model: Model, subject: ConditionSubject): Set<string> {
  const used = new Set<string>();
  const use = (template: Template) => template.parameters.forEach((name) => used.add(name));
  const applies = (when: readonly Condition[]) => {
    when.forEach((condition) => used.add(condition.name));
    return holds(when, subject);
  };
  for (const part of model.parts) {
    if (!applies(part.when)) continue;
    use(part.title);
    for (const child of part.children) {
      if (!applies(child.when)) continue;
      if (child.type === 'subsection') {
        use(child.title);
        for (const block of child.children) if (applies(block.when)) use(block.template);
      } else {
        use(child.template);
      }
    }
  }
  return used;
}
