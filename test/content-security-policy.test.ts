import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { Element, Text } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { safeUrl } from '@school-policy/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { elements } from './support/hast.js';
import { siteDist } from './support/paths.js';
import { pageFile, sitePages } from './support/site-pages.js';

const pages = sitePages();

beforeAll(() => {
  if (!existsSync(`${siteDist}/index.html`)) throw new Error(`${siteDist} has no site: run "npm run build" first (npm test does it for you).`);
});

/** A Content-Security-Policy read into its directives: `script-src` → `['self', …]`. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...sources]) => [name!.toLowerCase(), sources]),
  );
}

const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const textOf = (element: Element) => element.children.map((child) => (child as Text).value ?? '').join('');

describe('every page of the built site carries a Content-Security-Policy that allows only its own files', () => {
  it.each(pages)('%s', (path) => {
    const tree = fromHtml(readFileSync(pageFile(path), 'utf8'));
    const all = elements(tree);
    const head = all.find((element) => element.tagName === 'head')!;
    const inHead = head.children.filter((child): child is Element => child.type === 'element');
    const metas = all.filter((element) => element.tagName === 'meta' && String(element.properties.httpEquiv ?? '').toLowerCase() === 'content-security-policy');
    expect(metas).toHaveLength(1);
    // Right after the character set, so that it governs everything the page loads.
    expect(inHead.slice(0, 2).map((element) => element.tagName)).toEqual(['meta', 'meta']);
    expect(inHead[0]!.properties.charSet).toBe('utf-8');
    expect(inHead[1]).toBe(metas[0]);

    const policy = directives(String(metas[0]!.properties.content));
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('img-src')).toEqual(["'self'"]);
    expect(policy.get('font-src')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('worker-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'self'"]);
    expect(policy.get('form-action')).toEqual(["'self'"]);
    const scriptSources = policy.get('script-src') ?? [];
    const styleSources = policy.get('style-src') ?? [];
    expect(scriptSources.filter((source) => !source.startsWith("'sha256-"))).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(styleSources.filter((source) => !source.startsWith("'sha256-"))).toEqual(["'self'"]);

    // Each inline script and style is allowed by its own hash, and nothing else is inline.
    const scripts = all.filter((element) => element.tagName === 'script');
    for (const script of scripts.filter((element) => element.properties.src !== undefined)) expect(String(script.properties.src)).toMatch(/^\/_astro\/[\w.-]+\.js$/);
    const inlineScripts = scripts.filter((element) => element.properties.src === undefined).map(textOf);
    expect(inlineScripts.map(hash).sort()).toEqual(scriptSources.filter((source) => source.startsWith("'sha256-")).sort());
    const inlineStyles = all.filter((element) => element.tagName === 'style').map(textOf);
    expect(inlineStyles.map(hash).sort()).toEqual(styleSources.filter((source) => source.startsWith("'sha256-")).sort());
    for (const link of all.filter((element) => element.tagName === 'link' && String(element.properties.rel).includes('stylesheet'))) expect(String(link.properties.href)).toMatch(/^\/_astro\//);

    // No style attributes or event handler attributes, which the policy would block.
    const attributes = all.flatMap((element) => Object.keys(element.properties).filter((name) => name === 'style' || /^on[a-z]/.test(name)).map((name) => `${element.tagName} ${name}`));
    expect(attributes).toEqual([]);

    // Every link is an allowed kind; nothing is an image from elsewhere.
    const links = all.filter((element) => element.properties.href !== undefined).map((element) => String(element.properties.href));
    expect(links.filter((href) => safeUrl(href) === undefined)).toEqual([]);
    const images = all.filter((element) => ['img', 'image', 'iframe', 'object', 'embed'].includes(element.tagName)).map((element) => String(element.properties.src ?? element.properties.data ?? ''));
    expect(images.filter((src) => !src.startsWith('/') || src.startsWith('//'))).toEqual([]);
  });
});
