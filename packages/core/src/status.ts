import { csvText } from './csv.js';
import { publisherModel, type Project, type School } from './project.js';
import { reviewState, reviewStatuses, type ReviewStatus } from './review.js';
import { isClosed } from './schemas/establishment.js';
import { nextReviewDate } from './snapshot.js';

/**
 * Where every school's every policy stands: what a council officer or a trust's central team
 * works from to chase reviews. A school that has never adopted a policy its publisher publishes
 * is listed too, as never adopted. A school the register has as closed is left out.
 */
export interface StatusRow {
  publisher: string;
  publisherName: string;
  school: string;
  schoolName: string;
  /** The school's URN on the register, where its file records it. */
  urn: string | undefined;
  policy: string;
  title: string;
  /** The version in force, its release, and when it was approved; undefined before the first adoption. */
  version: number | undefined;
  release: string | undefined;
  approved: string | undefined;
  approvedBy: string | undefined;
  nextReview: string | undefined;
  status: ReviewStatus;
  /** A made-up publisher or school, or a made-up adoption record. */
  example: boolean;
}

/** Each status in words, as a list or a spreadsheet shows it. */
export const statusWords: Record<ReviewStatus, string> = {
  overdue: 'overdue',
  due: 'due soon',
  current: 'current',
  'no-date': 'no review date',
  'not-adopted': 'never adopted',
};

const byName = new Intl.Collator('en-GB').compare;

/** Every school (or one publisher's): by publisher, in the project's order, then by name, then by id. */
function schoolsInOrder(project: Project, publisher: string | undefined): School[] {
  const order = new Map([...project.publishers.keys()].map((id, index) => [id, index]));
  return [...project.schools.values()]
    .filter((school) => publisher === undefined || school.publisher === publisher)
    .sort((a, b) => order.get(a.publisher)! - order.get(b.publisher)! || byName(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Every policy of every school (or one publisher's), on the day `on`: by publisher, in the
 * project's order, then by school name, then in the publisher's order of its policies. Also
 * how many closed schools were left out.
 */
export function policyStatus(project: Project, on: string, publisher?: string): { rows: StatusRow[]; closed: number } {
  const rows: StatusRow[] = [];
  let closed = 0;
  for (const school of schoolsInOrder(project, publisher)) {
    if (isClosed(school.establishment)) {
      closed++;
      continue;
    }
    const owner = project.publishers.get(school.publisher)!;
    for (const policy of school.policies.values()) {
      const current = policy.adoptions.at(-1);
      const published = owner.policies.get(policy.model)!;
      rows.push({
        publisher: owner.id,
        publisherName: owner.name,
        school: school.id,
        schoolName: school.name,
        urn: school.establishment?.urn,
        policy: policy.model,
        title: publisherModel(project, published).title,
        version: current?.version,
        release: current?.release,
        approved: current?.approved,
        approvedBy: current?.approvedBy,
        nextReview: current ? nextReviewDate(current) : undefined,
        status: reviewState(current, on).status,
        example: owner.example || school.example || (current?.example ?? false),
      });
    }
  }
  return { rows, closed };
}

/** The same rows, the most urgent first (overdue, then due soon, and so on), each status's rows in their order. */
export function byUrgency(rows: readonly StatusRow[]): StatusRow[] {
  return reviewStatuses.flatMap((status) => rows.filter((row) => row.status === status));
}

/** The columns of the status as CSV, and as JSON's keys. */
export const statusColumns = ['publisher', 'school', 'urn', 'schoolName', 'policy', 'title', 'version', 'release', 'approved', 'approvedBy', 'nextReview', 'status', 'example'] as const;

/**
 * A byte order mark, which a CSV file for a spreadsheet starts with: Excel reads a CSV file as
 * UTF-8 (and so shows "Thérèse", not "ThÃ©rÃ¨se") only when it has one.
 */
const spreadsheetBom = '\uFEFF';

/** The status as a spreadsheet opens it: a header, then a row a policy; no cell can run as a formula. */
export function statusCsv(rows: readonly StatusRow[]): string {
  return spreadsheetBom + csvText([
    statusColumns,
    ...rows.map((row) => statusColumns.map((column) => (column === 'status' ? statusWords[row.status] : column === 'example' ? (row.example ? 'yes' : '') : row[column]))),
  ]);
}

/**
 * The columns of a CSV of approvals that `policy adopt --from` records: the school (by id, or by
 * URN), its name (for the reader; not read), the policy, the release (its publisher's, if left
 * empty), and the approval: when, by which body, the minute, who signed (separated by `;`), the
 * review cycle and, if not the approval plus the cycle, the next review.
 */
export const approvalColumns = ['school', 'urn', 'name', 'policy', 'release', 'approved', 'approvedBy', 'minute', 'signedBy', 'reviewCycle', 'nextReview'] as const;
export type ApprovalColumn = (typeof approvalColumns)[number];

/**
 * A CSV of approvals to fill in: the header, then a row for each policy of each open school (of one
 * publisher, and one policy, when given) with its school, URN, name, policy and the release its
 * publisher publishes filled in, and the approval left for the clerk to fill.
 */
export function approvalsTemplate(project: Project, publisher?: string, policy?: string): string {
  const rows: string[][] = [];
  for (const school of schoolsInOrder(project, publisher).filter((one) => !isClosed(one.establishment))) {
    const owner = project.publishers.get(school.publisher)!;
    for (const model of school.policies.keys()) {
      if (policy !== undefined && model !== policy) continue;
      rows.push([school.id, school.establishment?.urn ?? '', school.name, model, owner.policies.get(model)!.release, '', '', '', '', '', '']);
    }
  }
  return spreadsheetBom + csvText([approvalColumns, ...rows]);
}
