import type { GetStaticPaths } from 'astro';
import { pdfPaths, pdfResponse } from '../../../../lib/pdf-route';
import { currentSchoolPolicies, schoolPages } from '../../../../lib/policies';

export const getStaticPaths = (() =>
  pdfPaths(
    schoolPages(currentSchoolPolicies()),
    (entry) => ({ school: entry.id, policy: entry.policy.model.id }),
  )) satisfies GetStaticPaths;

export const GET = pdfResponse;
