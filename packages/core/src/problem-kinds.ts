import type { ProblemKind } from './problem.js';

/**
 * Every kind of problem the loader and validator report. Each message says what happened; each
 * hint says what to do.
 */

export const YamlSyntax = {
  name: 'YamlSyntax',
  title: 'A YAML file cannot be read.',
  message: (detail: string) => `This is not valid YAML: ${detail}`,
  hint: () => 'Check the indentation and quoting on this line; a value containing ": " or "#" needs quotes.',
} satisfies ProblemKind<[string], []>;

export const UnknownField = {
  name: 'UnknownField',
  title: 'A file has a field that is not known.',
  message: (field: string, context?: string) => `${field} is not a known field${context ? ` of ${context}` : ''}.`,
  hint: (guess: string | undefined, known: readonly string[]) =>
    guess
      ? `Did you mean ${guess}? Field names are case-sensitive.`
      : known.length > 0
        ? `The fields allowed here are: ${known.join(', ')}.`
        : 'Remove it: nothing is allowed here.',
} satisfies ProblemKind<[string, string | undefined], [string | undefined, readonly string[]]>;

export const MissingField = {
  name: 'MissingField',
  title: 'A required field is missing.',
  message: (field: string) => `${field} is required but missing.`,
  hint: (description?: string) => (description ? `Add it: ${description}` : 'Add it to this file.'),
} satisfies ProblemKind<[string], [string | undefined]>;

export const InvalidValue = {
  name: 'InvalidValue',
  title: 'A field has a value of the wrong kind.',
  message: (field: string, detail: string) => `${field} is not valid: ${lowerFirst(detail)}.`,
} satisfies ProblemKind<[string, string], []>;

export const SetByPublisher = {
  name: 'SetByPublisher',
  title: "A school sets a detail that is the publisher's to set.",
  message: (field: string) => `${field} is set by the publisher, not by each school.`,
  hint: (publisherFile: string) => `Remove it here; to change it for every school, edit ${publisherFile}.`,
} satisfies ProblemKind<[string], [string]>;

export const MissingFile = {
  name: 'MissingFile',
  title: 'A file the project needs is missing.',
  message: (what: string) => `${what} is missing.`,
  hint: (todo: string) => todo,
} satisfies ProblemKind<[string], [string]>;

export const UnknownReference = {
  name: 'UnknownReference',
  title: 'A file names something that does not exist.',
  message: (field: string, value: string, kind: string) => `${field} names ${kind} "${value}", which does not exist.`,
  hint: (guess: string | undefined, known: readonly string[]) =>
    guess ? `Did you mean "${guess}"?` : known.length > 0 ? `Choose one of: ${known.join(', ')}.` : 'There is none yet.',
} satisfies ProblemKind<[string, string, string], [string | undefined, readonly string[]]>;

export const DuplicateId = {
  name: 'DuplicateId',
  title: 'Two things share an id.',
  message: (kind: string, id: string) => `The ${kind} id "${id}" is used twice.`,
  hint: (other: string) =>
    `It is also used at ${other}. Ids identify things across versions: give each its own, or, for another wording of the same clause, give the two different conditions.`,
} satisfies ProblemKind<[string, string], [string]>;

export const BadId = {
  name: 'BadId',
  title: 'An id is not in the allowed form.',
  message: (kind: string, id: string) => `"${id}" is not a valid ${kind} id.`,
  hint: () => 'Use lower-case letters and digits, joined by single hyphens or dots, such as friend-requests.',
} satisfies ProblemKind<[string, string], []>;

export const StrayContent = {
  name: 'StrayContent',
  title: 'A part file has text outside any block.',
  message: (what: string) => `This ${what} is outside any block, so it has no id and cannot be numbered or compared.`,
  hint: () => 'Wrap it in a block: ":::clause{#some-id}" for a numbered clause, ":::text{#some-id}" for an unnumbered paragraph, each closed by ":::".',
} satisfies ProblemKind<[string], []>;

export const UnknownBlock = {
  name: 'UnknownBlock',
  title: 'A part file uses a block type that does not exist.',
  message: (name: string) => `":::${name}" is not a block type.`,
  hint: (guess: string | undefined) => `${guess ? `Did you mean ":::${guess}"? ` : ''}The block types are clause, text and form.`,
} satisfies ProblemKind<[string], [string | undefined]>;

export const EmptyBlock = {
  name: 'EmptyBlock',
  title: 'A block has no text.',
  message: (id: string) => `The block "${id}" is empty.`,
  hint: () => 'Write its text between the opening ":::" line and the closing ":::" line, or remove it.',
} satisfies ProblemKind<[string], []>;

export const MissingId = {
  name: 'MissingId',
  title: 'A block or heading has no id.',
  message: (what: string) => `This ${what} has no id.`,
  hint: (example: string) => `Give it one, for example ${example}. Ids never change once published, even when numbers do.`,
} satisfies ProblemKind<[string], [string]>;

export const TemplateSyntax = {
  name: 'TemplateSyntax',
  title: 'A clause template cannot be read.',
  message: (detail: string) => `This template is not valid Handlebars: ${detail}`,
  hint: () => 'Check that every {{ is closed by }} and every {{#if}} or {{#each}} by its {{/if}} or {{/each}}.',
} satisfies ProblemKind<[string], []>;

export const UnknownParameter = {
  name: 'UnknownParameter',
  title: 'A template uses a parameter the model does not declare.',
  message: (name: string) => `{{${name}}} is not a parameter of this model.`,
  hint: (guess: string | undefined, parametersFile: string) =>
    guess ? `Did you mean {{${guess}}}?` : `Declare it in ${parametersFile} (name, type, required, scope, description, example).`,
} satisfies ProblemKind<[string], [string | undefined, string]>;

export const UnsupportedTemplate = {
  name: 'UnsupportedTemplate',
  title: 'A template uses a Handlebars feature that is not allowed.',
  message: (what: string) => `${what} is not allowed in a clause template.`,
  hint: (why: string) => why,
} satisfies ProblemKind<[string], [string]>;

export const UnguardedOptional = {
  name: 'UnguardedOptional',
  title: 'A template uses an optional parameter without checking that it has a value.',
  message: (name: string) => `{{${name}}} is optional, so some schools will have no value for it, but this template always uses it.`,
  hint: (name: string) => `Wrap it in {{#if ${name}}} … {{/if}}, give the parameter a default, or make it required.`,
} satisfies ProblemKind<[string], [string]>;

export const TemplateFailed = {
  name: 'TemplateFailed',
  title: 'A template could not be filled.',
  message: (detail: string, id: string) => `This template could not be filled for ${id}: ${detail}.`,
  hint: () => 'Check the parameters it uses; a group of parameters must be tested by one of its names, as in {{#if group.name}}.',
} satisfies ProblemKind<[string, string], []>;

export const MissingValue = {
  name: 'MissingValue',
  title: 'A template needs a value that the school has not given.',
  message: (name: string, school: string) => `{{${name}}} has no value for ${school}.`,
  hint: (file: string, name: string) => `Give it a value in ${file}, or guard its use in the template with {{#if ${name}}}.`,
} satisfies ProblemKind<[string, string], [string, string]>;

export const BadForm = {
  name: 'BadForm',
  title: 'A form block is not laid out as a form.',
  message: (detail: string) => `This form ${detail}.`,
  hint: () =>
    'A form is made of "### Group" headings, an optional paragraph of guidance under each, and lists: "- Label" for a field to fill in, "- [ ] Choice" for a tick box, and "- Label" with a list under it for a field in parts.',
} satisfies ProblemKind<[string], []>;

export const UnknownCondition = {
  name: 'UnknownCondition',
  title: 'A part or block depends on something that cannot be tested.',
  message: (name: string) => `"${name}" cannot decide whether a part or block applies.`,
  hint: (guess: string | undefined, names: readonly string[]) =>
    `${guess ? `Did you mean "${guess}"? ` : ''}A condition names variant, module, or a choice or true-or-false parameter: ${names.join(', ')}.`,
} satisfies ProblemKind<[string], [string | undefined, readonly string[]]>;

export const UnknownConditionValue = {
  name: 'UnknownConditionValue',
  title: 'A condition tests for a value that cannot occur.',
  message: (name: string, value: string) => (value ? `${name} is never "${value}".` : `The condition on ${name} names no value.`),
  hint: (guess: string | undefined, allowed: readonly string[]) => `${guess ? `Did you mean "${guess}"? ` : ''}The values are: ${allowed.join(', ')}.`,
} satisfies ProblemKind<[string, string], [string | undefined, readonly string[]]>;

export const UnknownNoteEdition = {
  name: 'UnknownNoteEdition',
  title: 'A changelog note is written for an edition or variant the model does not have.',
  message: (field: string, key: string) => `${field} has words for "${key}", which is neither an edition nor a variant of the model, so no school would read them.`,
  hint: (guess: string | undefined, allowed: readonly string[]) =>
    `${guess ? `Did you mean "${guess}"? ` : ''}A note is a sentence for everyone, or sentences keyed by edition or variant with a default for the rest. The editions and variants are: ${allowed.join(', ')}.`,
} satisfies ProblemKind<[string, string], [string | undefined, readonly string[]]>;

export const TwoWordings = {
  name: 'TwoWordings',
  title: 'Two wordings of one clause apply to the same school.',
  message: (id: string, school: string) => `Two wordings of "${id}" apply to ${school}.`,
  hint: (first: string, second: string) => `They are at ${first} and ${second}. Give them conditions that cannot both hold, such as different values of one choice.`,
} satisfies ProblemKind<[string, string], [string, string]>;

export const VariantMismatch = {
  name: 'VariantMismatch',
  title: "A school's governance variant is not its publisher's.",
  message: (variant: string, publisherVariant: string, publisher: string) =>
    `variant is ${variant}, but the school's publisher, ${publisher}, is ${publisherVariant}.`,
  hint: (publisherVariant: string) =>
    `The variants are la, trust and mat, and a school takes its publisher's: write variant: ${publisherVariant}, remove the line, or move the school to a publisher of its own variant.`,
} satisfies ProblemKind<[string, string, string], [string]>;

export const UnknownModule = {
  name: 'UnknownModule',
  title: 'A file switches on a module the model does not have.',
  message: (field: string, module: string) => `${field} names the module "${module}", which the model does not have.`,
  hint: (guess: string | undefined, modules: readonly string[]) => `${guess ? `Did you mean "${guess}"? ` : ''}The modules are: ${modules.join(', ')}.`,
} satisfies ProblemKind<[string, string], [string | undefined, readonly string[]]>;

export const NoDefaultForTemplate = {
  name: 'NoDefaultForTemplate',
  title: "A publisher's blank template cannot leave a choice blank.",
  message: (name: string) => `The publisher's blank template needs a value for ${name}: a choice decides which wording to print, so it cannot be left blank.`,
  hint: (file: string, model: string) => `Give a default for it in ${file} under policies.${model}.details:.`,
} satisfies ProblemKind<[string], [string, string]>;

export const ChangeListedTwice = {
  name: 'ChangeListedTwice',
  title: "A release's changelog lists one id under two changes.",
  message: (id: string) => `"${id}" is listed under two changes.`,
  hint: (other: string) => `It is also listed at ${other}. Give each clause one reason for change and one weight: merge the two changes, or list the id under only one.`,
} satisfies ProblemKind<[string], [string]>;

export const NotInRelease = {
  name: 'NotInRelease',
  title: "A model's files are not in a release folder.",
  message: (folder: string) => `${folder} is not a release folder: a model's files belong in a folder named by the release's date.`,
  hint: (model: string) =>
    `Put model.yaml, parameters.yaml, release.yaml and parts/ in templates/${model}/<release>/, where <release> is the month or date the release is published, such as templates/${model}/2026-09/.`,
} satisfies ProblemKind<[string], [string]>;

export const ReleaseChanged = {
  name: 'ReleaseChanged',
  title: 'A published release has been edited.',
  message: (file: string, release: string, what: string) => `${file} ${what} since release ${release} was published.`,
  hint: (release: string) =>
    `A published release never changes, so that every version adopted from it stays as its governors approved it. Undo the change (restore the file with git checkout -- FILE, or delete a file that was added); to change the model, copy the folder of release ${release} to a new one named by the next release's month, change it there and publish that with "policy publish".`,
} satisfies ProblemKind<[string, string, string], [string]>;

export const ReleaseLockOutdated = {
  name: 'ReleaseLockOutdated',
  title: "A published release's lock leaves some of its files out.",
  message: (lockFile: string, unlocked: readonly string[]) =>
    `${lockFile} is in the first format of the lock, which fingerprints only model.yaml, parameters.yaml and the parts, so ${unlocked.length > 0 ? unlocked.join(', ') : 'release.yaml, CHANGELOG.md or a file added later'} could change unnoticed.`,
  hint: (model: string, release: string) =>
    `Check with version control that every file of release ${release} is as it was published, then run "policy publish ${model} ${release} --upgrade-lock" to fingerprint every file.`,
} satisfies ProblemKind<[string, readonly string[]], [string, string]>;

export const ReleaseLockUnreadable = {
  name: 'ReleaseLockUnreadable',
  title: "A published release's lock cannot be read.",
  message: (lockFile: string, why: string) => `${lockFile} cannot be read as a release lock: ${why}.`,
  hint: (release: string) => `Restore it from version control (git checkout -- the file): it is what shows that release ${release} is as it was published.`,
} satisfies ProblemKind<[string, string], [string]>;

export const ReleaseLockMissing = {
  name: 'ReleaseLockMissing',
  title: 'A release that schools have adopted has lost its lock.',
  message: (lockFile: string, release: string, schools: readonly string[]) =>
    `${lockFile} is missing, but release ${release} has been adopted by ${schools.length === 1 ? 'one school' : `${schools.length} schools`} (${schools.join(', ')}): it is published, and its lock is what shows it is as their governors approved it.`,
  hint: (lockFile: string) =>
    `Restore ${lockFile} from version control (git checkout -- ${lockFile}). A published release never changes: to change the model, copy the release's folder to a new one named by the next release's month, delete the copy's release.lock, make the changes there and publish that with "policy publish".`,
} satisfies ProblemKind<[string, string, readonly string[]], [string]>;

export const ReleaseAlreadyPublished = {
  name: 'ReleaseAlreadyPublished',
  title: 'policy publish will not publish a published release again.',
  message: (release: string, model: string, why: string) => `Release ${release} of ${model} ${why}; a published release never changes, so it is not published again.`,
  hint: (model: string, lockFile: string) =>
    `To change the model, copy this release's folder to a new one named by the new release's month (templates/${model}/YYYY-MM/), delete the copy's release.lock, make the changes there and publish that. Restore ${lockFile} from version control to keep this release as it was. Nothing was written.`,
} satisfies ProblemKind<[string, string, string], [string, string]>;

export const DetailNotInRelease = {
  name: 'DetailNotInRelease',
  title: 'A detail is one the release a version is made from does not know.',
  message: (field: string, what: string) => `${field} ${what}.`,
  hint: (todo: string) => todo,
} satisfies ProblemKind<[string, string], [string]>;

export const ChangeNotInChangelog = {
  name: 'ChangeNotInChangelog',
  title: "A change to the model is missing from its release's changelog.",
  message: (id: string, kind: string, release: string, where: string) => `"${id}" is ${kind} in release ${release} (${where}) but release.yaml does not say why.`,
  hint: () => 'Add it to the ids of the change that explains it under changes:, or add a change with its weight, what changed and why, so reviewers know what to read.',
} satisfies ProblemKind<[string, string, string, string], []>;

export const AdoptedVersionChanged = {
  name: 'AdoptedVersionChanged',
  title: 'A change would alter a version a school has adopted.',
  message: (school: string, version: string, what: string) => `${what.charAt(0).toUpperCase()}${what.slice(1)}, in ${school}'s adopted version ${version}.`,
  hint: (release: string) =>
    `An adopted version is frozen as its governors approved it. Undo the change to release ${release}; to change the model, publish a new release in a new folder, and the school adopts it at its next review.`,
} satisfies ProblemKind<[string, string, string], [string]>;

export const SnapshotAltered = {
  name: 'SnapshotAltered',
  title: "An adopted version's snapshot has been edited.",
  message: (file: string, detail: string) => `The snapshot ${file} does not match its record: ${detail}.`,
  hint: () => 'Snapshots are written by "policy adopt" and never edited: restore the file from version control.',
} satisfies ProblemKind<[string, string], []>;

export const UnknownSchool = {
  name: 'UnknownSchool',
  title: 'No school has that id.',
  message: (id: string) => `There is no school with the id "${id}".`,
  hint: (guess: string | undefined) => `${guess ? `Did you mean "${guess}"? ` : ''}Run "policy list" to see every school's id.`,
} satisfies ProblemKind<[string], [string | undefined]>;

export const OutFolderProtected = {
  name: 'OutFolderProtected',
  title: 'policy build will not replace a folder that is not its own.',
  message: (why: string) => `policy build will not replace this folder: it ${why}.`,
  hint: () => 'Give --out an empty folder, a folder a previous build made, or a new folder to create (such as site/ beside the project). Nothing was built or deleted.',
} satisfies ProblemKind<[string], []>;

export const OutFolderNotASite = {
  name: 'OutFolderNotASite',
  title: 'The --out folder holds files that no build made.',
  message: (examples: string) => `This folder holds files that no policy build made, such as ${examples}, so policy build will not replace it.`,
  hint: () =>
    'policy build replaces only an empty folder or one a previous build made, whose manifest.json lists every file in it. Choose another folder, or move these files out yourself. Nothing was built or deleted.',
} satisfies ProblemKind<[string], []>;

export const OutNotAFolder = {
  name: 'OutNotAFolder',
  title: 'The --out of a build is not a folder.',
  message: (what: string) => `--out must name a folder for the site, but this is ${what}.`,
  hint: () => 'Give a folder: an empty one, one a previous build made, or a new one to create. Nothing was built or deleted.',
} satisfies ProblemKind<[string], []>;

export const LockHeld = {
  name: 'LockHeld',
  title: 'Another policy command is writing the same files.',
  message: (command: string, pid: number, what: string) => `Another policy ${command} (process ${pid}) is ${what}: this lock file is held.`,
  hint: (pid: number) =>
    `Wait for it to finish, then run the command again; nothing was changed. If process ${pid} is no longer running, the lock is taken over by the next command.`,
} satisfies ProblemKind<[string, number, string], [number]>;

export const FileChangedMeanwhile = {
  name: 'FileChangedMeanwhile',
  title: 'A file changed while a command was writing it.',
  message: (detail: string) => `This file changed while the command ran: ${detail}.`,
  hint: (todo: string) => todo,
} satisfies ProblemKind<[string], [string]>;

export const FileSystemFailure = {
  name: 'FileSystemFailure',
  title: 'A file could not be written or read.',
  message: (action: string, reason: string) => `Could not ${action}: ${reason}.`,
  hint: (todo: string) => todo,
} satisfies ProblemKind<[string, string], [string]>;

export const UnexpectedFault = {
  name: 'UnexpectedFault',
  title: 'A command stopped on an error it did not expect.',
  message: (command: string, detail: string) => `${command} stopped on an unexpected error: ${detail}`,
  hint: () => 'This is a fault in the policy command, not in your files: please report it, with the command you ran and this message. Run the command again once it is mended.',
} satisfies ProblemKind<[string, string], []>;

export const UnsafeLink = {
  name: 'UnsafeLink',
  title: 'A link goes somewhere a policy must not link to.',
  message: (what: string, url: string, why: string) => `${what} ${url} ${why}.`,
  hint: (todo: string) => todo,
} satisfies ProblemKind<[string, string, string], [string]>;

export const ImageNotAllowed = {
  name: 'ImageNotAllowed',
  title: 'A model shows an image.',
  message: (url: string) =>
    `This image would be loaded from ${url} by every page and document that shows it; a policy shows no images, so that nothing in it comes from elsewhere.`,
  hint: () => 'Remove the image. To point readers to a picture, link to it instead: [what it shows](https://…).',
} satisfies ProblemKind<[string], []>;

export const UnsafeLinkValue = {
  name: 'UnsafeLinkValue',
  title: 'Filling in a policy makes a link it must not have, or an image.',
  message: (policy: string, what: 'link' | 'image', where: string, url: string, why: string, field: string | undefined) =>
    field
      ? `In ${policy}, the ${what} at ${where} takes its address from ${field}, and ${url} ${why}.`
      : `In ${policy}, this ${what} is filled in as ${url}, which ${why}.`,
  hint: (todo: string) => todo,
} satisfies ProblemKind<[string, 'link' | 'image', string, string, string, string | undefined], [string]>;

export const NotAFile = {
  name: 'NotAFile',
  title: 'Something where a file should be is not a file.',
  message: (what: string) => `This is ${what}, not a file, so it was not read.`,
  hint: () => 'Replace it with an ordinary file, or remove it. The project reads only ordinary files, and links to them that stay inside the project.',
} satisfies ProblemKind<[string], []>;

export const BrokenLink = {
  name: 'BrokenLink',
  title: 'A link in the project leads nowhere.',
  message: (why: string) => `This is a link, but ${why}, so it was not read.`,
  hint: () => 'Point the link at a file inside the project, or replace it with the file itself.',
} satisfies ProblemKind<[string], []>;

export const LinkOutsideProject = {
  name: 'LinkOutsideProject',
  title: 'A link leads out of the project.',
  message: (target: string) => `This is a link to ${target}, outside the project, so it was not read.`,
  hint: () => 'Everything the site publishes must be in the project folder: copy the file into the project instead of linking to it. Links are followed only when they stay inside the project.',
} satisfies ProblemKind<[string], []>;

export const FileTooLarge = {
  name: 'FileTooLarge',
  title: 'A file is too large to be read.',
  message: (size: number, limit: number) => `This file is ${formatBytes(size)}, more than the ${formatBytes(limit)} a file of its kind may be, so it was not read.`,
  hint: () => "A school's or publisher's file, or a part of a model, is a few kilobytes: check that this is the right file, and that nothing has been pasted into it many times over.",
} satisfies ProblemKind<[number, number], []>;

export const NotUtf8 = {
  name: 'NotUtf8',
  title: 'A file is not UTF-8 text.',
  message: () => 'This file is not UTF-8 text: the byte here cannot be read as a character, so the file was not read.',
  hint: () => 'Save the file as UTF-8 (in most editors: Save As, then choose the encoding UTF-8), and check the characters around here.',
} satisfies ProblemKind<[], []>;

export const WrongExtension = {
  name: 'WrongExtension',
  title: 'A file in a publisher folder is not named as a school file.',
  message: () => "This file is not read: a publisher's folder holds publisher.yaml and a <school-id>.yaml for each school, ending in .yaml in lower case.",
  hint: (rename: string | undefined) =>
    rename ? `Rename it to ${rename}.` : "Move it out of schools/; a school's details go in <school-id>.yaml, and its adopted versions in the folder policy adopt makes.",
} satisfies ProblemKind<[], [string | undefined]>;

export const EmptyFile = {
  name: 'EmptyFile',
  title: 'A file is empty.',
  message: (what: string) => `This file is empty, but ${what} needs its fields.`,
  hint: (fields: readonly string[]) => `Write each on its own line, at least: ${fields.join('; ')}.`,
} satisfies ProblemKind<[string], [readonly string[]]>;

export const YamlAliasLimit = {
  name: 'YamlAliasLimit',
  title: 'A YAML file repeats anchored values too often.',
  message: (detail: string) => `This YAML repeats anchored values (aliases such as *name) so often that reading it could exhaust the memory, so it was not read: ${detail}.`,
  hint: () => 'Write the values out in full: policy files need no anchors (&name) or aliases (*name).',
} satisfies ProblemKind<[string], []>;

export const UnknownYamlTag = {
  name: 'UnknownYamlTag',
  title: 'A YAML file uses a tag that is not allowed.',
  message: (tag: string) => `The YAML tag ${tag} is not allowed, so this value was not read.`,
  hint: () => 'Remove the tag: policy files hold plain values (text, numbers, true or false, dates in quotes or not, lists and mappings) and no tags such as !!js/function or !foo.',
} satisfies ProblemKind<[string], []>;

export const ReservedKey = {
  name: 'ReservedKey',
  title: 'A YAML file uses a key that is reserved.',
  message: (key: string) => `"${key}" cannot be a key: the name is reserved for how objects work in JavaScript, so the file was not read.`,
  hint: () => 'Remove it, or give it another name: no field of a policy file is called __proto__, constructor or prototype.',
} satisfies ProblemKind<[string], []>;

export const YamlTooDeep = {
  name: 'YamlTooDeep',
  title: 'A YAML file is nested too deeply.',
  message: (limit: number) => `This value is nested more than ${limit} levels deep, so the file was not read.`,
  hint: () => 'Policy files nest a few levels at most: check the indentation and the brackets around here.',
} satisfies ProblemKind<[number], []>;

export const MarkdownTooDeep = {
  name: 'MarkdownTooDeep',
  title: 'A part file is nested too deeply.',
  message: (limit: number) => `Here the text is nested more than ${limit} levels deep (lists or quotes inside one another), so the part was not read.`,
  hint: () => 'A policy nests lists a few levels at most: check the indentation and the ">" and "-" at the starts of these lines.',
} satisfies ProblemKind<[number], []>;

export const ImpossibleDate = {
  name: 'ImpossibleDate',
  title: 'A date cannot be right.',
  message: (field: string, detail: string) => `${field} is not possible: ${detail}.`,
  hint: (todo: string) => todo,
} satisfies ProblemKind<[string, string], [string]>;

export const OutOfOrder = {
  name: 'OutOfOrder',
  title: 'Two values that must come in order do not.',
  message: (field: string, value: string, other: string, otherValue: string) => `${field} is ${value}, which is not after ${other}, ${otherValue}.`,
  hint: (later: string, earlier: string, parametersFile: string) => `${parametersFile} says ${later} comes after ${earlier}: are the two the wrong way round?`,
} satisfies ProblemKind<[string, string, string, string], [string, string, string]>;

export const BadSourceDateEpoch = {
  name: 'BadSourceDateEpoch',
  title: 'SOURCE_DATE_EPOCH is not a date.',
  message: (value: string, why: string) =>
    `The environment variable SOURCE_DATE_EPOCH is "${value}", which ${why}: it must give the build's date as whole seconds since 1970-01-01 00:00 UTC, up to the end of 9999.`,
  hint: () => 'Set it to the day to build as, such as SOURCE_DATE_EPOCH=1795305600 for 2026-11-22 (date -d 2026-11-22 +%s prints it), or unset it to use today\'s date.',
} satisfies ProblemKind<[string, string], []>;

/** `1.0 MiB`, `50.2 MiB`, `312 kB`: a size as a person reads it. */
function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(1))} MiB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KiB`;
  return `${bytes} bytes`;
}

const refusalWhy = {
  control: 'a control character, not text, which would make the Word document, the feeds and the calendars unreadable',
  noncharacter: 'a noncharacter, not text, which XML forbids, so the Word document and the feeds would be unreadable',
  surrogate: 'half of a character that has lost its other half, which no file can hold',
  'private-use': "a private-use character, which has no agreed meaning and shows differently in every program (a blank template marks its blanks with such characters, so it could print as a false blank)",
  'bidi-control': 'an invisible control that changes the order text is shown in, so the policy would show something other than what it says',
  'right-to-left': 'it is written right to left, and the PDF lays text out only from left to right, so it would be printed backwards',
  'no-font': 'none of the fonts the PDF embeds can draw it, so it would be missing from the PDF',
} as const;

export const RefusedCharacter = {
  name: 'RefusedCharacter',
  title: 'A value or a template holds a character that cannot be published.',
  message: (field: string, code: string, name: string, position: number, reason: keyof typeof refusalWhy, more: number) =>
    `${field} contains ${code} (${name}) at character ${position}${more > 0 ? `, and ${more} more after it that cannot be published either` : ''}: ${refusalWhy[reason]}.`,
  hint: (reason: keyof typeof refusalWhy) =>
    reason === 'right-to-left' || reason === 'no-font'
      ? 'The PDF prints Latin letters (Welsh and other accents too), Greek, Cyrillic, Chinese and Japanese characters and the common symbols: write this in those, or leave it out.'
      : 'Delete it, or retype the text around it by hand: such characters usually come with text pasted from another program, and are often invisible.',
} satisfies ProblemKind<[string, string, string, number, keyof typeof refusalWhy, number], [keyof typeof refusalWhy]>;

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

export const OneModelLayout = {
  name: 'OneModelLayout',
  title: 'A publisher or school file is laid out for one policy only.',
  message: (file: string, keys: readonly string[]) =>
    `${file} gives ${keys.join(', ')} at its top level, as files did when a publisher published one policy; each policy's settings now go under policies:, by the id of its model.`,
  hint: (example: string) => `Move them under policies:, like this:\n${example.split('\n').map((line) => `      ${line}`).join('\n')}`,
} satisfies ProblemKind<[string, readonly string[]], [string]>;

export const UnknownSharedDetail = {
  name: 'UnknownSharedDetail',
  title: "A school's shared detail is a parameter of none of its policies.",
  message: (field: string, policies: readonly string[]) =>
    `${field} is not a detail of any of the school's policies (${policies.join(', ')}), so nothing would use it.`,
  hint: (guess: string | undefined) =>
    `${guess ? `Did you mean ${guess}? ` : ''}Details under details: serve every policy whose model has that parameter; run "policy params --policy <id>" to see each policy's.`,
} satisfies ProblemKind<[string, readonly string[]], [string | undefined]>;

export const PolicyNotPublished = {
  name: 'PolicyNotPublished',
  title: 'A school or command names a policy its publisher does not publish.',
  message: (field: string, policy: string, publisher: string) => `${field} names the policy "${policy}", which ${publisher} does not publish.`,
  hint: (guess: string | undefined, known: readonly string[]) =>
    `${guess ? `Did you mean "${guess}"? ` : ''}${known.length > 0 ? `It publishes: ${known.join(', ')}.` : ''} A school has the policies its publisher lists under policies: in its publisher.yaml.`,
} satisfies ProblemKind<[string, string, string], [string | undefined, readonly string[]]>;

export const CsvSyntax = {
  name: 'CsvSyntax',
  title: 'A CSV file cannot be read.',
  message: (detail: string) => `This is not a CSV file that can be read: ${detail}.`,
  hint: (todo: string) => todo,
} satisfies ProblemKind<[string], [string]>;

export const CsvColumnMissing = {
  name: 'CsvColumnMissing',
  title: 'A CSV file lacks a column that is needed.',
  message: (what: string, column: string) => `${what} has no column "${column}", which is needed.`,
  hint: (todo: string) => todo,
} satisfies ProblemKind<[string, string], [string]>;

export const CsvBadValue = {
  name: 'CsvBadValue',
  title: 'A field of a CSV row has a value that cannot be used.',
  message: (column: string, value: string, detail: string) => `${column} ${value === '' ? 'is empty' : `is "${value.length > 60 ? `${value.slice(0, 60)}…` : value}"`}: ${detail}.`,
  hint: (todo: string) => todo,
} satisfies ProblemKind<[string, string, string], [string]>;

export const LockedClause = {
  name: 'LockedClause',
  title: 'Own wording changes a clause that may not be changed.',
  message: (field: string, clause: string, who: string, why: string) => `${field} changes ${clause}, which ${who}: ${lowerFirst(why)}`,
  hint: (todo: string) => todo,
} satisfies ProblemKind<[string, string, string, string], [string]>;

export const NotOptional = {
  name: 'NotOptional',
  title: 'Own wording leaves out a clause the model does not let a school leave out.',
  message: (field: string, clause: string, model: string) => `${field} leaves out ${clause}, which the ${model} does not mark optional.`,
  hint: () => 'A school keeps every clause the model does not mark optional: remove it from omitted. To change its words, and only if the model marks it editable, put them under reworded.',
} satisfies ProblemKind<[string, string, string], []>;

export const OwnWordingMarkup = {
  name: 'OwnWordingMarkup',
  title: 'Own wording holds something a clause cannot.',
  message: (field: string, what: string) => `${field} holds ${what}.`,
  hint: (todo: string) => todo,
} satisfies ProblemKind<[string, string], [string]>;

export const StaleWording = {
  name: 'StaleWording',
  title: 'Own wording was written against a release that is not the one it is used with.',
  message: (written: string, now: string, context: string) => `This own wording was written against release ${written} of the model, not release ${now}, ${context}.`,
  hint: (todo: string) => todo,
} satisfies ProblemKind<[string, string, string], [string]>;

export const WordingConflicts = {
  name: 'WordingConflicts',
  title: "A school's own wording has conflicts with the model's new words still to resolve.",
  message: (clauses: readonly string[]) =>
    `This own wording has ${clauses.length === 1 ? 'a conflict' : `${clauses.length} conflicts`} still to resolve (${clauses.join(', ')}): the school's own words and the model's new words clash, so the governors cannot yet approve one text.`,
  hint: (school: string, policy: string) =>
    `Resolve each: "policy renew ${school} --policy ${policy} --resolve <clause> --take ours|theirs|merged", or by hand, putting the words to approve under reworded: (or taking the clause out of reworded: to use the model's) and deleting the conflict. Then run policy check, and adopt.`,
} satisfies ProblemKind<[readonly string[]], [string, string]>;
