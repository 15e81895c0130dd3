import type { GetStaticPaths } from 'astro';
import { docxPaths, docxResponse } from '../../../../../../lib/docx-route';
import { sitePolicies } from '../../../../../../lib/policies';

export const getStaticPaths = (() =>
  docxPaths(
    sitePolicies().filter((entry) => entry.kind === 'template' && !entry.current),
    (entry) => ({ publisher: entry.publisher.id, policy: entry.policy.model.id, release: entry.release }),
  )) satisfies GetStaticPaths;

export const GET = docxResponse;
