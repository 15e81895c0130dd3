import { plural, type Io } from '../io.js';
import { checkProject, projectRoot, reportProblems, siteProblems } from '../project.js';

/** `policy check`: every file valid (site.yaml too, which a build needs), every school's policy fillable; writes nothing. */
export async function check(io: Io, options: { root: string | undefined }): Promise<number> {
  const root = projectRoot(io, options.root);
  const { project, problems: contentProblems } = checkProject(root, undefined, { keepFilled: false });
  const problems = [...siteProblems(root), ...contentProblems];
  if (problems.length > 0) {
    reportProblems(io, problems, 'Mend them and run "policy check" again.');
    return 1;
  }
  const releases = [...project.releases.values()].reduce((total, list) => total + list.length, 0);
  const versions = [...project.schools.values()].reduce((total, school) => total + [...school.policies.values()].reduce((sum, policy) => sum + policy.adoptions.length, 0), 0);
  io.stdout.write(
    `Checked ${plural(project.models.size, 'model')} (${plural(releases, 'release')}), ${plural(project.publishers.size, 'publisher')} and ${plural(project.schools.size, 'school')} (${plural(versions, 'adopted version')}): no problems.\n`,
  );
  return 0;
}
