import { nextReviewDate, type AdoptedVersion } from '@school-policy/core';
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
