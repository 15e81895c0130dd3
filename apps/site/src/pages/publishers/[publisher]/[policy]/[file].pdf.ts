import type { GetStaticPaths } from 'astro';
import { pdfPaths, pdfResponse } from '../../../../lib/pdf-route';
import { sitePolicies } from '../../../../lib/policies';

export const getStaticPaths = (() =>
  pdfPaths(
    sitePolicies().filter((entry) => entry.kind === 'template' && entry.current),
    (entry) => ({ publisher: entry.publisher.id, policy: entry.policy.model.id }),
  )) satisfies GetStaticPaths;

export const GET = pdfResponse;
