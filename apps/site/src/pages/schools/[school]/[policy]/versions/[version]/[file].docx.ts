import type { GetStaticPaths } from 'astro';
import { docxPaths, docxResponse } from '../../../../../../lib/docx-route';
import { sitePolicies, schoolPages } from '../../../../../../lib/policies';

export const getStaticPaths = (() =>
  docxPaths(
    schoolPages(sitePolicies().filter((entry) => entry.kind === 'school' && !entry.current && (entry.adoption || entry.draft))),
    (entry) => ({ school: entry.id, policy: entry.policy.model.id, version: entry.adoption?.name ?? 'draft' }),
  )) satisfies GetStaticPaths;

export const GET = docxResponse;
