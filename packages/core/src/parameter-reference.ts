import type { Model } from './model.js';
import type { ParameterOption } from './schemas/parameter.js';

/** One row of a model's parameter reference: what the site's reference page and `policy params` show. */
export interface ParameterRow {
  name: string;
  type: string;
  required: boolean;
  scope: 'publisher' | 'school';
  description: string;
  /** The example as a publisher or school would write it in YAML. */
  example: string;
  options: ParameterOption[];
  /** Defaults, as text: "headteacher", or per variant "la: governing body; trust: trust board". */
  defaults: string | undefined;
}

/** The names every model has, which come from the school and publisher files themselves. */
const builtIns: ParameterRow[] = [
  { name: 'school.name', type: 'string', required: true, scope: 'school', description: "The school's full name: name: in the school file.", example: 'Laughton Community Primary School', options: [], defaults: undefined },
  { name: 'publisher.name', type: 'string', required: true, scope: 'publisher', description: "The publisher's full name: name: in the publisher file.", example: 'East Sussex County Council', options: [], defaults: undefined },
  { name: 'variant', type: 'choice', required: true, scope: 'publisher', description: "The publisher's governance, which its schools share: variant: in the publisher file.", example: 'la', options: [
    { id: 'la', description: 'a local authority and its maintained schools' },
    { id: 'trust', description: 'an academy trust and its academies' },
    { id: 'mat', description: 'a multi-academy trust and its academies' },
  ], defaults: undefined },
];

/** Every parameter of a model, built-in ones first, in the order the model declares them. */
export function parameterReference(model: Model): ParameterRow[] {
  return [
    ...builtIns,
    ...model.parameters.map((parameter) => ({
      name: parameter.name,
      type: parameter.type,
      required: parameter.required,
      scope: parameter.scope,
      description: parameter.description,
      example: yamlText(parameter.example),
      options: parameter.options ?? [],
      defaults:
        parameter.defaultByVariant !== undefined
          ? Object.entries(parameter.defaultByVariant).map(([variant, value]) => `${variant}: ${yamlText(value)}`).join('; ')
          : parameter.default !== undefined
            ? yamlText(parameter.default)
            : undefined,
    })),
  ];
}

function yamlText(value: unknown): string {
  if (Array.isArray(value)) return value.map(yamlText).join('; ');
  return typeof value === 'string' ? value : JSON.stringify(value);
}
