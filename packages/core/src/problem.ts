/**
 * Problems are errors as data: a fixed shape that names where the trouble is (file, line, column,
 * field), what is wrong, and what to do about it. Loading and validation collect every problem they
 * find rather than stopping at the first, so that one `policy check` shows a user all there is to mend.
 */

/** One kind of problem: a stable name, a one-line title, and how to word the message and the hint. */
export interface ProblemKind<MessageArgs extends unknown[] = never[], HintArgs extends unknown[] = never[]> {
  name: string;
  title: string;
  message: (...args: MessageArgs) => string;
  hint?: (...args: HintArgs) => string;
}

/** Where a problem is. `file` is relative to the project root, with forward slashes; empty when no file is at fault. */
export interface Location {
  file: string;
  line?: number;
  column?: number;
  /** The field concerned, as a dotted path such as `details.personalUse.dailyQuotaMinutes`. */
  field?: string;
}

export class PolicyError extends Error {
  override readonly name = 'PolicyError';
  readonly kind: string;
  readonly location: Location;
  readonly hint: string | undefined;

  constructor(kind: string, message: string, location: Location, hint?: string) {
    super(message);
    this.kind = kind;
    this.location = location;
    this.hint = hint;
  }

  /** `file:line:column message`, then the hint indented on the next line: the form editors link to. */
  format(): string {
    const { file, line, column } = this.location;
    const where = [file, line, line === undefined ? undefined : column].filter((part) => part !== undefined).join(':');
    return (where ? `${where} ${this.message}` : this.message) + (this.hint ? `\n    ${this.hint}` : '');
  }
}

/** Makes a problem of the given kind, at the given place. */
export function problem<M extends unknown[], H extends unknown[]>(
  kind: ProblemKind<M, H>,
  at: Location,
  messageArgs: M,
  hintArgs?: H,
): PolicyError {
  const hint = kind.hint && hintArgs ? kind.hint(...hintArgs) : undefined;
  return new PolicyError(kind.name, kind.message(...messageArgs), at, hint);
}

/** Thrown when a step cannot go on; carries every problem found so far. */
export class PolicyProblems extends Error {
  override readonly name = 'PolicyProblems';
  readonly problems: readonly PolicyError[];

  constructor(problems: readonly PolicyError[]) {
    super(problems.map((p) => p.format()).join('\n'));
    this.problems = problems;
  }
}

/** A result that may carry problems alongside (or instead of) a value. */
export interface Checked<T> {
  value: T | undefined;
  problems: PolicyError[];
}
