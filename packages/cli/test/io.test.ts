import { describe, expect, it } from 'vitest';
import { describeFailure } from '../src/io.js';

const fsError = (code: string, syscall: string, path: string, message = `${code}: raw`) => Object.assign(new Error(message), { code, syscall, path });

describe('what a user reads when a command fails unexpectedly', () => {
  it('says what could not be written, why and what to do, for each kind of file system failure', () => {
    const cwd = '/home/clerk/policies';
    expect(describeFailure(fsError('EROFS', 'open', '/media/cd/site.pdf'), 'render', cwd)).toBe(
      'Could not open /media/cd/site.pdf: the file system there is read-only (EROFS).\n    Choose a folder on a disk that can be written to.',
    );
    expect(describeFailure(fsError('ENOSPC', 'write', '/home/clerk/policies/policy.pdf'), 'render', cwd)).toBe(
      'Could not write policy.pdf: the disk is full (ENOSPC).\n    Free some space on the disk, or choose another, then run the command again.',
    );
    expect(describeFailure(fsError('EACCES', 'mkdir', '/srv/www'), 'build', cwd)).toBe(
      'Could not create the folder /srv/www: permission was refused (EACCES).\n    Check that you may write there, or choose another folder.',
    );
    expect(describeFailure(fsError('EBUSY', 'rename', '/mnt/site'), 'build', cwd)).toContain('Could not move /mnt/site: it is in use');
    expect(describeFailure(fsError('EXDEV', 'rename', '/mnt/site'), 'build', cwd)).toContain('Could not move /mnt/site: it is on another file system');
  });

  it('gives any other error as one sentence saying it is a fault to report, never a stack trace', () => {
    const error = new TypeError("Cannot read properties of undefined (reading 'id')\n    at resolvePolicy (file:///x/resolve.js:1:2)");
    expect(describeFailure(error, 'check', '/')).toBe(
      "policy check stopped on an unexpected error: Cannot read properties of undefined (reading 'id').\n    This is a fault in the policy command, not in your files: please report it, with the command you ran and this message. Run the command again once it is mended.",
    );
  });
});
