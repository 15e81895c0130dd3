import { nextReviewDate, type AdoptedVersion, type Signatory } from '@school-policy/core';
import type { FilledPolicy } from './filled-policy.js';

/** The policy with the record of the version the governors adopted, for its cover and its header. */
export function withApproval(policy: FilledPolicy, adoption: AdoptedVersion): FilledPolicy {
  return {
    ...policy,
    approval: {
      version: adoption.version,
      name: adoption.name,
      approved: adoption.approved,
      approvedBy: adoption.approvedBy,
      minute: adoption.minute,
      signedBy: adoption.signedBy,
      nextReview: nextReviewDate(adoption),
      example: adoption.example,
    },
  };
}

/**
 * Who signs the policy, a row each in its approval block: those its approval record names, or,
 * when it names no one (a template, a draft, a record without signatures), the usual signatories.
 */
export function signatories(policy: FilledPolicy): Signatory[] {
  const recorded = policy.approval?.signedBy ?? [];
  return recorded.length > 0 ? recorded : policy.words.cover.signers.map((role) => ({ name: undefined, role }));
}

/** A school's policy that its governors have not approved: a draft for their meeting, marked as one on every page. */
export function isDraft(policy: FilledPolicy): boolean {
  return policy.kind === 'school' && !policy.approval;
}
