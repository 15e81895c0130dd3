import { parseArgs, type ParseArgsConfig } from 'node:util';
import { PolicyProblems, suggest } from '@school-policy/core';
import { build } from './commands/build.js';
import { check } from './commands/check.js';
import { list } from './commands/list.js';
import { params } from './commands/params.js';
import { render } from './commands/render.js';
import { publish } from './commands/publish.js';
import { adopt, diff, history } from './commands/versions.js';
import { renew } from './commands/renew.js';
import { importDocx } from './commands/import-docx.js';
import { importGias } from './commands/import-gias.js';
import { status } from './commands/status.js';
import { adoptFromCsv, approvalsTemplateCommand } from './commands/adopt-csv.js';
import { describeFailure, UsageError, type Io } from './io.js';

interface Command {
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** The arguments it takes besides its options, by name, such as `<school-id>`: any more is a mistake. */
  positionals: readonly string[];
  run: (args: { positionals: string[]; values: Record<string, string | boolean | string[] | undefined> }, io: Io) => Promise<number>;
}

const rootOption = { root: { type: 'string' as const, short: 'r' } };
/** Which of a school's policies, by model id: needed only where a school has more than one. */
const policyOption = { policy: { type: 'string' as const } };

/** What policy build and policy assemble share: where the site goes, the document cache, the report. */
const buildOptions = { out: { type: 'string' as const, short: 'o' }, cache: { type: 'string' as const }, 'no-cache': { type: 'boolean' as const }, report: { type: 'string' as const } };

function buildValues(values: Record<string, string | boolean | string[] | undefined>) {
  return {
    root: values.root as string | undefined,
    out: values.out as string | undefined,
    cache: values.cache as string | undefined,
    noCache: values['no-cache'] as boolean | undefined,
    report: values.report as string | undefined,
  };
}

const commands: Record<string, Command> = {
  check: {
    summary: 'Validate every model, publisher and school file, and fill every school\'s policy without writing anything.',
    usage: 'policy check [--root DIR]',
    positionals: [],
    options: rootOption,
    run: ({ values }, io) => check(io, { root: values.root as string | undefined }),
  },
  build: {
    summary: 'Check everything, then build the whole site with every policy page, PDF and Word document. A failed build leaves the previous site in place.',
    usage: 'policy build [--root DIR] [--out DIR] [--cache DIR | --no-cache] [--report FILE] [--shard K/N] [--batch SCHOOLS]',
    positionals: [],
    options: { ...rootOption, ...buildOptions, shard: { type: 'string' }, batch: { type: 'string' } },
    run: ({ values }, io) => build(io, { ...buildValues(values), shard: values.shard as string | undefined, batch: values.batch as string | undefined }),
  },
  assemble: {
    summary: "Assemble the shards of a build (each made by policy build --shard K/N) into one site, with the pages of the site as a whole, its search index, sitemap and manifest: the same site policy build makes at once.",
    usage: 'policy assemble <shard-dir>… [--root DIR] [--out DIR] [--cache DIR | --no-cache] [--report FILE]',
    positionals: ['<shard-dir>…'],
    options: { ...rootOption, ...buildOptions },
    run: ({ positionals, values }, io) => build(io, { ...buildValues(values), assemble: positionals }),
  },
  render: {
    summary:
      "Print one policy of a school (its current adopted version, or --version v1, draft), or of a publisher's blank template (<publisher>-template, --release ID), as text, Markdown or HTML, or write it as a PDF or a Word document. --policy names the policy by its model id; it may be left out where there is only one.",
    usage: 'policy render <id> [--policy ID] --format txt|md|html|pdf|docx [--version v1|current|draft] [--release ID] [--out FILE] [--root DIR]',
    positionals: ['<id>'],
    options: { ...rootOption, ...policyOption, format: { type: 'string', short: 'f' }, out: { type: 'string', short: 'o' }, version: { type: 'string' }, release: { type: 'string' } },
    run: ({ positionals, values }, io) =>
      render(io, {
        school: positionals[0],
        format: values.format as string | undefined,
        out: values.out as string | undefined,
        root: values.root as string | undefined,
        version: values.version as string | undefined,
        release: values.release as string | undefined,
        policy: values.policy as string | undefined,
      }),
  },
  list: {
    summary: "List every publisher's blank template and every school, by id, with each of its policies and where it stands; --policy lists one policy's.",
    usage: 'policy list [--policy ID] [--root DIR]',
    positionals: [],
    options: { ...rootOption, ...policyOption },
    run: ({ values }, io) => list(io, { root: values.root as string | undefined, policy: values.policy as string | undefined }),
  },
  status: {
    summary:
      "List every school's every policy (or one publisher's, --publisher) with its current version, when it was approved and is next due for review, and where it stands today: overdue, due soon, current, no review date, never adopted. As text, or as CSV or JSON for a spreadsheet.",
    usage: 'policy status [--publisher ID] [--format text|csv|json] [--root DIR]',
    positionals: [],
    options: { ...rootOption, publisher: { type: 'string', short: 'p' }, format: { type: 'string', short: 'f' } },
    run: ({ values }, io) => status(io, { publisher: values.publisher as string | undefined, format: values.format as string | undefined, root: values.root as string | undefined }),
  },
  params: {
    summary: 'List what each model asks publishers and schools to fill in; with --publisher, what that publisher has set; with --policy, one model only.',
    usage: 'policy params [--publisher ID] [--policy ID] [--root DIR]',
    positionals: [],
    options: { ...rootOption, ...policyOption, publisher: { type: 'string', short: 'p' } },
    run: ({ values }, io) => params(io, { root: values.root as string | undefined, publisher: values.publisher as string | undefined, policy: values.policy as string | undefined }),
  },
  publish: {
    summary: "Publish a draft release of a model: check it, check its changelog explains every change, and fingerprint its files so it never changes.",
    usage: 'policy publish <model-id> <release> [--upgrade-lock] [--root DIR]',
    positionals: ['<model-id>', '<release>'],
    options: { ...rootOption, 'upgrade-lock': { type: 'boolean' as const } },
    run: ({ positionals, values }, io) =>
      publish(io, { model: positionals[0], release: positionals[1], root: values.root as string | undefined, upgradeLock: values['upgrade-lock'] as boolean | undefined }),
  },
  adopt: {
    summary:
      "Record that the governors approved one of the school's policies (--policy, where it has more than one) from the release its publisher publishes (or --release), and freeze the approved text. --from records many approvals from a CSV file, all or nothing; --template writes that file's template, a row for each school's each policy.",
    usage:
      'policy adopt <school-id> [--policy ID] --approved DATE [--release ID] [--by BODY] [--minute REF] [--signed "NAME, ROLE"]… [--cycle "2 years"] [--next-review DATE] [--root DIR]\n       policy adopt --from approvals.csv [--dry-run] [--root DIR]\n       policy adopt --template [--publisher ID] [--policy ID] [--root DIR] > approvals.csv',
    positionals: ['<school-id>'],
    options: {
      ...rootOption,
      ...policyOption,
      approved: { type: 'string' },
      release: { type: 'string' },
      by: { type: 'string' },
      minute: { type: 'string' },
      signed: { type: 'string', multiple: true },
      cycle: { type: 'string' },
      'next-review': { type: 'string' },
      from: { type: 'string' },
      'dry-run': { type: 'boolean' },
      template: { type: 'boolean' },
      publisher: { type: 'string', short: 'p' },
    },
    run: ({ positionals, values }, io) => {
      const root = values.root as string | undefined;
      const single = ['approved', 'release', 'by', 'minute', 'signed', 'cycle', 'next-review'].filter((name) => values[name] !== undefined);
      if (values.template || values.from !== undefined) {
        const mode = values.template ? '--template' : '--from';
        if (values.template && values.from !== undefined) throw new UsageError('Give --from FILE to record approvals, or --template to write the file to fill in, not both.');
        if (positionals.length > 0 || single.length > 0) throw new UsageError(`${mode} is for many schools at once: leave out the school's id and --${single[0] ?? 'approved'}, which are for recording one approval.`);
        if (values.template) return approvalsTemplateCommand(io, { publisher: values.publisher as string | undefined, policy: values.policy as string | undefined, root });
        if (values.policy !== undefined || values.publisher !== undefined) throw new UsageError('--from reads each school and policy from the file: leave out --policy and --publisher.');
        return adoptFromCsv(io, { from: values.from as string, dryRun: values['dry-run'] as boolean | undefined, root });
      }
      if (values['dry-run'] || values.publisher !== undefined) throw new UsageError(`${values['dry-run'] ? '--dry-run' : '--publisher'} is for --from and --template.`);
      return adopt(io, {
        school: positionals[0],
        approved: values.approved as string | undefined,
        release: values.release as string | undefined,
        by: values.by as string | undefined,
        minute: values.minute as string | undefined,
        signed: values.signed as string[] | undefined,
        cycle: values.cycle as string | undefined,
        nextReview: values['next-review'] as string | undefined,
        root,
        policy: values.policy as string | undefined,
      });
    },
  },
  import: {
    summary:
      "Create or update a publisher's school files from an extract of the DfE's register of schools (Get Information About Schools): its open maintained schools for a local authority, its academies for a trust, or those --la, --trust, --type and --status choose. --dry-run shows the changes and writes nothing.",
    usage: 'policy import gias <extract.csv> --publisher ID [--la CODE]… [--trust CODE]… [--type NAME]… [--status NAME]… [--dry-run] [--list-skipped] [--root DIR]',
    positionals: ['<source>', '<extract.csv>'],
    options: {
      ...rootOption,
      publisher: { type: 'string', short: 'p' },
      la: { type: 'string', multiple: true },
      trust: { type: 'string', multiple: true },
      type: { type: 'string', multiple: true },
      status: { type: 'string', multiple: true },
      'dry-run': { type: 'boolean' },
      'list-skipped': { type: 'boolean' },
    },
    run: ({ positionals, values }, io) =>
      importGias(io, {
        source: positionals[0],
        file: positionals[1],
        publisher: values.publisher as string | undefined,
        la: values.la as string[] | undefined,
        trust: values.trust as string[] | undefined,
        types: values.type as string[] | undefined,
        statuses: values.status as string[] | undefined,
        dryRun: values['dry-run'] as boolean | undefined,
        listSkipped: values['list-skipped'] as boolean | undefined,
        root: values.root as string | undefined,
      }),
  },
  renew: {
    summary:
      "Carry a school's own wording of a policy (--policy, where it has more than one) onto the release its publisher now publishes (or --release): each clause it reworded is merged with the model's changes, and every clash is written down as a conflict to resolve (--resolve CLAUSE --take ours|theirs|merged) before the policy can be adopted. --dry-run shows what would happen.",
    usage: 'policy renew <school-id> [--policy ID] [--release ID] [--dry-run] [--root DIR]\n       policy renew <school-id> [--policy ID] --resolve <clause> --take ours|theirs|merged [--root DIR]',
    positionals: ['<school-id>'],
    options: { ...rootOption, ...policyOption, release: { type: 'string' }, 'dry-run': { type: 'boolean' }, resolve: { type: 'string' }, take: { type: 'string' } },
    run: ({ positionals, values }, io) =>
      renew(io, {
        school: positionals[0],
        policy: values.policy as string | undefined,
        release: values.release as string | undefined,
        resolve: values.resolve as string | undefined,
        take: values.take as string | undefined,
        dryRun: values['dry-run'] as boolean | undefined,
        root: values.root as string | undefined,
      }),
  },
  'import-docx': {
    summary:
      "Read back a school's policy as edited in Word: each change to a clause the model and its publisher let the school change becomes the school's own wording, a numbered paragraph added after an editable clause a clause of its own, an optional clause deleted one left out; a change to a locked clause or to the structure is refused, and then nothing is written (unless --skip-refused). --dry-run shows what would be taken.",
    usage: 'policy import-docx <school-id> <file.docx> [--policy ID] [--skip-refused] [--dry-run] [--root DIR]',
    positionals: ['<school-id>', '<file.docx>'],
    options: { ...rootOption, ...policyOption, 'skip-refused': { type: 'boolean' }, 'dry-run': { type: 'boolean' } },
    run: ({ positionals, values }, io) =>
      importDocx(io, {
        school: positionals[0],
        file: positionals[1],
        policy: values.policy as string | undefined,
        skipRefused: values['skip-refused'] as boolean | undefined,
        dryRun: values['dry-run'] as boolean | undefined,
        root: values.root as string | undefined,
      }),
  },
  history: {
    summary: "List the versions of one of a school's policies (--policy, where it has more than one) its governors adopted: when, by whom, from which release, and when each is due for review.",
    usage: 'policy history <school-id> [--policy ID] [--format text|json] [--root DIR]',
    positionals: ['<school-id>'],
    options: { ...rootOption, ...policyOption, format: { type: 'string', short: 'f' } },
    run: ({ positionals, values }, io) =>
      history(io, { school: positionals[0], format: values.format as string | undefined, root: values.root as string | undefined, policy: values.policy as string | undefined }),
  },
  diff: {
    summary: "Show what changed, clause by clause, between two versions of a school's policy (--policy, where it has more than one), or with --model between two releases of a model.",
    usage: 'policy diff <school-id> [--policy ID] <from> <to> [--format text|json|html|pdf|docx] [--out FILE]  |  policy diff --model <model-id> <release> <release> [--publisher ID] [--format …]',
    positionals: ['<school-id>', '<from>', '<to>'],
    options: { ...rootOption, ...policyOption, format: { type: 'string', short: 'f' }, model: { type: 'string', short: 'm' }, publisher: { type: 'string', short: 'p' }, out: { type: 'string', short: 'o' } },
    run: ({ positionals, values }, io) =>
      diff(io, {
        positionals,
        format: values.format as string | undefined,
        model: values.model as string | undefined,
        publisher: values.publisher as string | undefined,
        out: values.out as string | undefined,
        root: values.root as string | undefined,
        policy: values.policy as string | undefined,
      }),
  },
};

function help(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  return [
    'policy: turns a publisher\'s model policy into every school\'s own policy.',
    '',
    'Usage: policy <command> [options]',
    '',
    'Commands:',
    ...Object.entries(commands).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`),
    '',
    'Options for every command:',
    '  --root DIR  the folder holding templates/ and schools/ (default: the nearest one above the current folder)',
    '  --help      show the usage of a command',
    '',
    'Run "policy <command> --help" for a command\'s usage.',
  ].join('\n');
}

/** Runs the command line; resolves to the exit code: 0 done, 1 problems in the content, 2 a usage mistake. */
export async function main(argv: string[], io: Io = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() }): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(help() + '\n');
    return name ? 0 : 2;
  }
  const command = commands[name];
  try {
    if (!command) {
      const guess = suggest(name, Object.keys(commands));
      throw new UsageError(`"${name}" is not a policy command.${guess ? ` Did you mean "${guess}"?` : ''} The commands are: ${Object.keys(commands).join(', ')}.`);
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(`${command.summary}\n\nUsage: ${command.usage}\n`);
      return 0;
    }
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
    } catch (error) {
      throw new UsageError(`${error instanceof Error ? error.message : String(error)}\nUsage: ${command.usage}`);
    }
    // A last argument named `<…>…` takes any number.
    const extra = command.positionals.at(-1)?.endsWith('…') ? [] : parsed.positionals.slice(command.positionals.length);
    if (extra.length > 0) {
      const takes = command.positionals.length === 0 ? 'takes no arguments besides its options' : `takes ${command.positionals.length === 1 ? 'one argument' : `${command.positionals.length} arguments`}, ${command.positionals.join(' ')}`;
      throw new UsageError(`policy ${name} ${takes}, but was also given ${extra.map((arg) => JSON.stringify(arg)).join(' ')}. (A value with spaces needs quotes.)\nUsage: ${command.usage}`);
    }
    return await command.run(parsed as { positionals: string[]; values: Record<string, string | boolean | string[] | undefined> }, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${error.message}\n`);
      return 2;
    }
    if (error instanceof PolicyProblems) {
      for (const p of error.problems) io.stderr.write(`${p.format()}\n`);
      return 1;
    }
    // Anything else: one clear sentence, never a stack trace.
    io.stderr.write(`${describeFailure(error, command ? name : '', io.cwd)}\n`);
    return 1;
  }
}
