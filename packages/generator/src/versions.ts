import {
  AdoptedVersionChanged,
  canonicalJson,
  ChangeNotInChangelog,
  readCacheEntry,
  releaseFingerprint,
  writeCacheEntry,
  suggest,
  UnknownReference,
  diffPolicies,
  modelRelease,
  noteFor,
  PolicyProblems,
  problem,
  resolveAdopted,
  resolvePolicy,
  resolveWith,
  adoptedPublisherPolicy,
  adoptedSchoolPolicy,
  ownWordingOf,
  snapshotFile,
  snapshotHash,
  templateId,
  textBlocks,
  type AdoptedVersion,
  type ChangeKind,
  type ConditionSubject,
  type PolicyDiff,
  type PolicyError,
  type PolicySnapshot,
  type PolicyText,
  type Project,
  type ReaderChange,
  type Model,
  type ResolvedPolicy,
  type SchoolPolicy,
  publisherModel,
  publisherPolicies,
  takenUpSince,
} from '@school-policy/core';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { generatorFingerprint } from './documents/fingerprint.js';
import { fillPolicy } from './fill.js';
import { policyText } from './policy-text.js';

/** The words of a resolved policy. */
export function resolvedText(policy: ResolvedPolicy): PolicyText {
  return policyText(fillPolicy(policy));
}

/** One side of a comparison: an adopted version, the school's draft, or a release of a publisher's template. */
export interface VersionLabel {
  /** `v1`, `draft`, or a release id. */
  name: string;
  release: string;
  /** When it was approved or published. */
  date: string;
  adoption: AdoptedVersion | undefined;
}

/** A release between the two versions compared: its title and its summary for governors. */
export interface ReleaseSummary {
  id: string;
  title: string;
  summary: string;
}

export interface VersionDiff extends PolicyDiff {
  /** The policy compared; `language` is its model's, for the words around the changes. */
  policy: { id: string; name: string; title: string; kind: 'school' | 'template'; publisher: string; language: string };
  from: VersionLabel;
  to: VersionLabel;
  /** The releases after the older version's, up to the newer one's, oldest first. */
  releases: ReleaseSummary[];
}

/** Every published release after `from`, up to and including `to` (which may be a draft), oldest first. */
function releasesBetween(project: Project, model: string, from: string, to: string): Model[] {
  return (project.releases.get(model) ?? []).filter(
    (candidate) => candidate.release.id > from && candidate.release.id <= to && (candidate.release.published || candidate.release.id === to),
  );
}

/** The title and summary of each release between two, oldest first. */
export function summariesBetween(project: Project, model: string, from: string, to: string): ReleaseSummary[] {
  return releasesBetween(project, model, from, to).map(({ release }) => ({ id: release.id, title: release.title, summary: release.summary }));
}

/**
 * The changelog entries of every release between two, oldest first, each note in the words
 * written for the reader's edition or variant (`subject`), or its default without one.
 */
export function changesBetween(project: Project, model: string, from: string, to: string, subject?: ConditionSubject): ReaderChange[] {
  return releasesBetween(project, model, from, to).flatMap((candidate) =>
    candidate.release.changes.map((change): ReaderChange => ({
      ids: change.ids,
      weight: change.weight,
      what: noteFor(change.what, subject ?? noSubject),
      why: noteFor(change.why, subject ?? noSubject),
      release: candidate.release.id,
    })),
  );
}

/** A reader of no particular edition or variant: every note reads its default. */
const noSubject: ConditionSubject = { variant: '', document: 'template', modules: new Set(), values: new Map() };

/** The settings a version was resolved with, for choosing its changelog notes; none when it cannot be resolved. */
function subjectOf(resolve: () => ResolvedPolicy): ConditionSubject | undefined {
  try {
    return resolve().subject;
  } catch (error) {
    if (error instanceof PolicyProblems) return undefined;
    throw error;
  }
}

/** A school's version by name: `v1`, `1`, `current` (the latest adopted) or `draft` (the latest release with the school's details now). */
export function findVersion(school: SchoolPolicy, name: string): AdoptedVersion | 'draft' | undefined {
  if (name === 'draft') return 'draft';
  if (name === 'current') return school.adoptions.at(-1);
  const number = Number(name.replace(/^v/, ''));
  return school.adoptions.find((adoption) => adoption.version === number);
}

/** The publisher's settings for a school's policy. */
function publisherOf(project: Project, school: SchoolPolicy) {
  return project.publishers.get(school.publisher)!.policies.get(school.model)!;
}

function label(project: Project, school: SchoolPolicy, version: AdoptedVersion | 'draft'): VersionLabel {
  if (version === 'draft') {
    const model = publisherModel(project, publisherOf(project, school));
    return { name: 'draft', release: model.release.id, date: school.reviewed ?? model.release.id, adoption: undefined };
  }
  return { name: version.name, release: version.release, date: version.approved, adoption: version };
}

/** The words and settings of one side: a snapshot's, or the draft's, resolved now. */
function side(project: Project, school: SchoolPolicy, version: AdoptedVersion | 'draft'): { text: PolicyText; inputs: PolicySnapshot['inputs'] } {
  if (version !== 'draft') return { text: version.snapshot.text, inputs: version.snapshot.inputs };
  return { text: resolvedText(resolvePolicy(project, school.id, school.model)), inputs: { publisher: publisherOf(project, school), school } };
}

/**
 * Compares two versions of a school's policy. To tell the model's changes from the school's, it
 * also resolves the newer release and publisher settings with the older version's school details.
 */
export function diffSchoolVersions(project: Project, school: SchoolPolicy, fromVersion: AdoptedVersion | 'draft', toVersion: AdoptedVersion | 'draft'): VersionDiff {
  const from = side(project, school, fromVersion);
  const to = side(project, school, toVersion);
  const fromLabel = label(project, school, fromVersion);
  const toLabel = label(project, school, toVersion);
  const model = modelRelease(project, to.inputs.publisher.model, toLabel.release);
  let counterfactual: PolicyText | undefined;
  try {
    const current = publisherOf(project, school);
    // The school's own wording of the older version is written against its release: it is in the
    // middle version only where both versions are of one release.
    const older = adoptedSchoolPolicy(school, from.inputs.school);
    counterfactual = resolvedText(
      resolveWith(
        model,
        adoptedPublisherPolicy(current, to.inputs.publisher, toLabel.release),
        {
          ...older,
          // A value for a parameter new in the newer release comes with the model's change.
          details: withNewParameters(from.inputs.school.details, to.inputs.school.details, modelRelease(project, from.inputs.publisher.model, fromLabel.release)),
        },
        'school',
      ),
    );
  } catch (error) {
    if (!(error instanceof PolicyProblems)) throw error;
    counterfactual = undefined;
  }
  // Each change's notes as written for the newer version's edition and variant.
  const subject = subjectOf(() => (toVersion === 'draft' ? resolvePolicy(project, school.id, school.model) : resolveAdopted(project, school, toVersion)));
  const newer = adoptedSchoolPolicy(school, to.inputs.school).wording;
  const omitted = new Set(newer && newer.wording.release === toLabel.release ? newer.wording.omitted : []);
  const diff = diffPolicies(from.text, to.text, { counterfactual, changes: changesBetween(project, model.id, fromLabel.release, toLabel.release, subject), omitted });
  return {
    ...diff,
    policy: { id: school.id, name: school.name, title: model.title, kind: 'school', publisher: school.publisher, language: model.language },
    from: fromLabel,
    to: toLabel,
    releases: summariesBetween(project, model.id, fromLabel.release, toLabel.release),
  };
}

/** Compares a publisher's blank template in two releases of its model: every change is the model's. */
export function diffTemplateReleases(project: Project, publisherId: string, modelId: string, fromRelease: string, toRelease: string): VersionDiff {
  const publisher = project.publishers.get(publisherId)!.policies.get(modelId)!;
  const id = templateId(publisherId);
  const from = resolvePolicy(project, id, modelId, fromRelease);
  const to = resolvePolicy(project, id, modelId, toRelease);
  const diff = diffPolicies(resolvedText(from), resolvedText(to), { changes: changesBetween(project, publisher.model, fromRelease, toRelease, to.subject) });
  const side = (policy: ResolvedPolicy): VersionLabel => ({ name: policy.model.release.id, release: policy.model.release.id, date: policy.school.reviewed ?? policy.model.release.id, adoption: undefined });
  return {
    ...diff,
    policy: { id, name: publisher.name, title: to.model.title, kind: 'template', publisher: publisherId, language: to.model.language },
    from: side(from),
    to: side(to),
    releases: summariesBetween(project, publisher.model, fromRelease, toRelease),
  };
}

/** The older details, with the newer details' values for parameters the older release did not have. */
function withNewParameters(older: Record<string, unknown>, newer: Record<string, unknown>, olderModel: Model): Record<string, unknown> {
  const known = new Set(olderModel.parameters.map((parameter) => parameter.name));
  const result: Record<string, unknown> = structuredClone(older);
  const walk = (value: Record<string, unknown>, path: string[]) => {
    for (const [key, inner] of Object.entries(value)) {
      const name = [...path, key];
      if (inner && typeof inner === 'object' && !Array.isArray(inner) && !known.has(name.join('.'))) walk(inner as Record<string, unknown>, name);
      else if (!known.has(name.join('.'))) {
        let node = result;
        for (const step of path) node = (node[step] ??= {}) as Record<string, unknown>;
        node[key] = structuredClone(inner);
      }
    }
  };
  walk(newer, []);
  return result;
}

/**
 * Resolves a school's policy from a release with its details as they are now, frozen as its next
 * version. Its governors reviewed it when they approved it (`approved`, as `policy adopt` gives
 * it): that is the review date it is frozen with, whatever the school's file last said.
 */
export function adoptionSnapshot(project: Project, school: SchoolPolicy, release: string, approved?: string): { snapshot: PolicySnapshot; file: string; hash: string } {
  const publisher = publisherOf(project, school);
  const published = takenUpSince(publisher, release) ?? publisher.published;
  const reviewed = { ...school, reviewed: approved ?? school.reviewed };
  const version = (school.adoptions.at(-1)?.version ?? 0) + 1;
  const inputs: PolicySnapshot['inputs'] = {
    publisher: { id: publisher.id, name: publisher.name, variant: publisher.variant, model: publisher.model, published, modules: publisher.modules, details: publisher.details },
    school: { id: school.id, name: school.name, reviewed: reviewed.reviewed, motto: school.motto, modules: school.modules, details: school.details },
  };
  // Own wording is frozen with the version only when there is some, so a version without keeps the fingerprint it always had.
  const publisherWording = ownWordingOf(publisher.wording, release);
  const schoolWording = ownWordingOf(school.wording, release);
  if (publisherWording) inputs.publisher.ownWording = publisherWording;
  if (schoolWording) inputs.school.ownWording = schoolWording;
  const model = modelRelease(project, publisher.model, release);
  const text = resolvedText(resolveWith(model, { ...publisher, release, published }, reviewed, 'school'));
  const snapshot: PolicySnapshot = { format: 1, model: publisher.model, release, school: school.id, version, inputs, text };
  return { snapshot, file: snapshotFile(publisher.id, school.id, publisher.model, version), hash: snapshotHash(snapshot) };
}

const kindWords: Record<ChangeKind, string> = {
  added: 'would be added',
  removed: 'would be removed',
  moved: 'would move',
  renumbered: 'would be renumbered',
  changed: 'would change',
  unchanged: 'is unchanged',
};

/**
 * Resolves every adopted version again from its release and frozen settings: a version whose
 * words would differ from its snapshot is a problem naming the school, the version and the clause.
 *
 * With a cache folder, each version found unchanged is noted in it (under `adopted/`), by a hash
 * of everything its check is made from: its snapshot's fingerprint, its release as loaded (see
 * releaseFingerprint), its publisher's settings now, and this program. A version noted under the
 * same hash is not filled again, so a check after one school's change fills only that school's.
 * A version whose release was not loaded through the cache is always checked.
 */
export function checkAdoptedVersions(project: Project, options: { cache?: string } = {}): PolicyError[] {
  const problems: PolicyError[] = [];
  for (const school of [...project.schools.values()].flatMap((one) => [...one.policies.values()])) {
    for (const adoption of school.adoptions) {
      const noted = options.cache === undefined ? undefined : checkNote(options.cache, project, school, adoption);
      if (noted && readCacheEntry(noted.file) === noted.key) continue;
      const before = problems.length;
      const at = { file: adoption.recordFile, line: adoption.recordLine };
      let resolved: ResolvedPolicy;
      let text: PolicyText;
      try {
        resolved = resolveAdopted(project, school, adoption);
        text = resolvedText(resolved);
      } catch (error) {
        if (!(error instanceof PolicyProblems)) throw error;
        problems.push(problem(AdoptedVersionChanged, at, [school.id, adoption.name, `it can no longer be filled from release ${adoption.release}: ${error.problems[0]?.format() ?? ''}`], [adoption.release]));
        continue;
      }
      const templates = new Map<string, string>();
      for (const part of resolved.parts) {
        templates.set(part.id, `${part.file}:1`);
        for (const child of part.children) {
          if (child.type === 'subsection') {
            templates.set(child.id, `${child.title.file}:${child.title.line}`);
            for (const block of child.children) templates.set(block.id, `${block.template.file}:${block.template.line}`);
          } else templates.set(child.id, `${child.template.file}:${child.template.line}`);
        }
      }
      const frozen = adoption.snapshot.text;
      const version = `${adoption.name} (release ${adoption.release}, approved ${adoption.approved})`;
      const report = (id: string, what: string) => {
        const where = templates.get(id);
        problems.push(problem(AdoptedVersionChanged, at, [school.id, version, `${what}${where ? ` (${where})` : ''}`], [adoption.release]));
      };
      const differences = diffPolicies(frozen, text).items.filter((item) => item.kind !== 'unchanged');
      for (const item of differences) {
        const number = (item.from ?? item.to)?.number;
        report(item.id, `${item.type} ${number ? `${number} ` : ''}"${item.id}" ${kindWords[item.kind]}`);
      }
      // The same words in other Markdown (emphasis, a link's address) are a change too.
      const markdownBefore = new Map(textBlocks(frozen).map(({ block }) => [block.id, block.markdown]));
      for (const { block } of textBlocks(text)) {
        const before = markdownBefore.get(block.id);
        if (before === undefined || before === block.markdown || differences.some((item) => item.id === block.id)) continue;
        report(block.id, `${block.type} ${block.number ? `${block.number} ` : ''}"${block.id}" would change its formatting or links`);
      }
      for (const field of ['title', 'school', 'dateLine'] as const) {
        if (frozen[field] !== text[field]) {
          problems.push(problem(AdoptedVersionChanged, at, [school.id, adoption.name, `the ${field === 'dateLine' ? 'date line' : field} would read "${text[field]}" instead of "${frozen[field]}"`], [adoption.release]));
        }
      }
      if (noted && problems.length === before) writeCacheEntry(noted.file, noted.key);
    }
  }
  return problems;
}

/**
 * Where an adopted version's check is noted in a cache folder, and the hash it is noted under;
 * undefined when its release was not loaded through a cache, or is not there.
 */
function checkNote(cache: string, project: Project, school: SchoolPolicy, adoption: AdoptedVersion): { file: string; key: string } | undefined {
  const release = project.releases.get(school.model)?.find((model) => model.release.id === adoption.release);
  const loaded = release && releaseFingerprint(release);
  const publisher = project.publishers.get(school.publisher)?.policies.get(school.model);
  if (!loaded || !publisher) return undefined;
  const key = createHash('sha256')
    .update(['adopted version checked', generatorFingerprint(), loaded, adoption.hash, canonicalJson(publisher), String(school.example), school.id, school.model].join('\0'))
    .digest('hex');
  return { file: join(cache, 'adopted', key.slice(0, 2), `${key}.bin`), key };
}


/** Every id a release declares: its parts, subsections and blocks. */
function releaseIds(model: Model): Set<string> {
  const ids = new Set<string>();
  for (const part of model.parts) {
    ids.add(part.id);
    for (const child of part.children) {
      ids.add(child.id);
      if (child.type === 'subsection') for (const block of child.children) ids.add(block.id);
    }
  }
  return ids;
}

/**
 * Whether a release's changelog explains its changes: every part, subsection or clause that is
 * added, removed, moved or reworded in any publisher's blank template since the previous release
 * must be listed under a change in release.yaml, and every id listed must exist in one of the two.
 * Checked for every published release, or for the one release given (before it is published).
 */
export function checkReleaseChanges(project: Project, only?: { model: string; release: string }): PolicyError[] {
  const problems: PolicyError[] = [];
  for (const [modelId, releases] of project.releases) {
    releases.forEach((model, index) => {
      const previous = releases[index - 1];
      const wanted = only ? only.model === modelId && only.release === model.release.id : model.release.published;
      if (!previous || !wanted) return;
      const listed = new Set(model.release.changes.flatMap((change) => change.ids));
      const known = new Set([...releaseIds(previous), ...releaseIds(model)]);
      for (const id of listed) {
        if (!known.has(id)) problems.push(problem(UnknownReference, { file: model.release.file }, ['changes', id, `a part or clause of release ${previous.release.id} or ${model.release.id}`], [suggest(id, [...known]), [...known].sort()]));
      }
      const missing = new Map<string, { kind: ChangeKind; where: string[] }>();
      for (const publisher of publisherPolicies(project)) {
        if (publisher.model !== modelId) continue;
        let diff: VersionDiff;
        try {
          diff = diffTemplateReleases(project, publisher.id, modelId, previous.release.id, model.release.id);
        } catch (error) {
          if (error instanceof PolicyProblems) continue;
          throw error;
        }
        for (const item of diff.items) {
          if (item.kind === 'unchanged' || item.kind === 'renumbered' || listed.has(item.id)) continue;
          const entry = missing.get(item.id) ?? { kind: item.kind, where: [] };
          entry.where.push(`${publisher.id}'s template`);
          missing.set(item.id, entry);
        }
      }
      for (const [id, { kind, where }] of missing) {
        problems.push(problem(ChangeNotInChangelog, { file: model.release.file }, [id, kind, model.release.id, where.join(', ')], []));
      }
    });
  }
  return problems;
}
