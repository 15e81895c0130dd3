import type { GetStaticPaths } from 'astro';
import { docxPaths, docxResponse } from '../../../../lib/docx-route';
import { currentSchoolPolicies, schoolPages } from '../../../../lib/policies';

export const getStaticPaths = (() =>
  docxPaths(
    schoolPages(currentSchoolPolicies()),
    (entry) => ({ school: entry.id, policy: entry.policy.model.id }),
  )) satisfies GetStaticPaths;

export const GET = docxResponse;
