import { loadProject, parameterReference, PolicyProblems, problem, publisherModel, suggest, UnknownReference, type Model, type Publisher, type PublisherPolicy } from '@school-policy/core';
import { UsageError, type Io } from '../io.js';
import { defaultCacheDir, projectRoot } from '../project.js';

/**
 * `policy params [--publisher ID] [--policy ID]`: every parameter of each model, with its type,
 * whether it is required, who sets it, what it means and an example. With a publisher: only the
 * models it publishes, at the release it publishes, and what the publisher has already set, so a
 * school sees what is left for it to fill in. With a policy: only that model.
 */
export async function params(io: Io, options: { root: string | undefined; publisher: string | undefined; policy?: string | undefined }): Promise<number> {
  const { project } = loadProject(projectRoot(io, options.root), undefined, { cache: defaultCacheDir() });
  let publisher: Publisher | undefined;
  if (options.publisher !== undefined) {
    publisher = project.publishers.get(options.publisher);
    if (!publisher) {
      const known = [...project.publishers.keys()];
      throw new PolicyProblems([problem(UnknownReference, { file: '' }, ['--publisher', options.publisher, 'a publisher'], [suggest(options.publisher, known), known])]);
    }
  }
  const known = publisher ? [...publisher.policies.keys()] : [...project.models.keys()];
  if (options.policy !== undefined && !known.includes(options.policy)) {
    const guess = suggest(options.policy, known);
    throw new UsageError(`--policy ${options.policy}: ${publisher ? `${publisher.name} does not publish a policy` : 'there is no model'} "${options.policy}".${guess ? ` Did you mean "${guess}"?` : ''} ${publisher ? 'It publishes' : 'The models are'}: ${known.join(', ')}.`);
  }
  const wanted = known.filter((model) => options.policy === undefined || model === options.policy);
  const entries: [Model, PublisherPolicy | undefined][] = wanted.map((id) => {
    const policy = publisher?.policies.get(id);
    return [policy ? publisherModel(project, policy) : project.models.get(id)!, policy];
  });
  if (entries.length === 0) throw new UsageError('There are no models in templates/.');
  io.stdout.write(entries.map(([model, policy]) => reference(model, policy)).join('\n\n') + '\n');
  return 0;
}

function reference(model: Model, publisher: PublisherPolicy | undefined): string {
  const lines = [`${model.title} (${model.id}, ${model.parametersFile})${publisher ? `, as ${publisher.name} publishes it` : ''}`, ''];
  for (const row of parameterReference(model)) {
    const given = publisher ? valueIn(publisher, row.name) : undefined;
    lines.push(`${row.name}  ${row.type}, ${row.required ? 'required' : 'optional'}, set by ${row.scope === 'school' ? 'each school' : 'the publisher'}`);
    lines.push(`    ${row.description}`);
    for (const option of row.options) lines.push(`    - ${option.id}: ${option.description}`);
    lines.push(`    Example: ${row.example}`);
    if (row.defaults) lines.push(`    Default: ${row.defaults}`);
    if (given !== undefined) lines.push(`    ${row.scope === 'school' ? `${publisher!.name}'s default` : `Set by ${publisher!.name}`}: ${given}`);
    lines.push('');
  }
  if (model.modules.length > 0) {
    lines.push('Optional modules (modules: in a publisher or school file):');
    for (const module of model.modules) {
      const on = publisher?.modules.includes(module.id) ? ` (switched on by ${publisher.name})` : '';
      lines.push(`  ${module.id}: ${module.title}${on}`, `    ${module.description}`);
    }
  }
  return lines.join('\n').trimEnd();
}

function valueIn(publisher: PublisherPolicy, name: string): string | undefined {
  if (name === 'publisher.name') return publisher.name;
  if (name === 'variant') return publisher.variant;
  let value: unknown = publisher.details;
  for (const key of name.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join('; ') : String(value);
}
