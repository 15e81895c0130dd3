import { describe, expect, it } from 'vitest';
import { onRequest } from '../apps/site/src/middleware.js';

/** Runs the site's middleware on a page the given response stands for. */
async function through(body: string, type: string): Promise<Response> {
  return (await onRequest({} as Parameters<typeof onRequest>[0], async () => new Response(body, { status: 200, headers: { 'content-type': type } }))) as Response;
}

describe("the site's pages", () => {
  it('are written without control characters and noncharacters, whatever reached them', async () => {
    const page = await through('<p>St\u0000 Mary\uFFFE School\u001B[2J</p>', 'text/html');
    expect(await page.text()).toBe('<p>St Mary School[2J</p>');
    expect(page.headers.get('content-type')).toBe('text/html');
    expect(page.status).toBe(200);
  });

  it('leave files that are not pages as they are', async () => {
    const file = await through('%PDF-1.7\u0000', 'application/pdf');
    expect(await file.text()).toBe('%PDF-1.7\u0000');
  });
});
