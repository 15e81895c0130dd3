import { describe, expect, it } from 'vitest';
import { renderHtmlBody, renderHtmlDocument } from '../src/index.js';
import { filledDemo, hostileSchool, hostileValues, schoolFile } from './policy.js';

describe('HTML', () => {
  it('shows each clause with its number, anchored by its id', () => {
    const html = renderHtmlBody(filledDemo());
    expect(html).toContain('<div class="clause" id="quota"><span class="clause-number">2.1</span><div class="clause-body"><p>Staff may spend 20 minutes a day, from 4:00pm.</p></div></div>');
  });

  it('links the contents to every part by its id', () => {
    const html = renderHtmlBody(filledDemo());
    expect(html).toContain('<li><a href="#rules">2 Rules at First School</a></li>');
    expect(html).toContain('<li><a href="#forms">Appendix A: Forms</a></li>');
    expect(html).toContain('<section class="policy-part policy-section" id="rules" aria-labelledby="rules-heading">');
  });

  it('lays out a form as a table with a labelled, empty cell to write in', () => {
    const html = renderHtmlBody(filledDemo());
    expect(html).toContain('<tr><th scope="row">Name</th><td class="form-answer form-answer-line"></td></tr>');
    expect(html).toContain('<li><span class="tick-box" aria-hidden="true"></span>Yes</li>');
  });

  it('lays out a group of tick boxes alone in one column, so that no column of its table is left with no cell', () => {
    const html = renderHtmlBody(filledDemo({ 'templates/demo/2024-06/parts/forms.md': (text) => text.replace('- [ ] No\n', '- [ ] No\n\n### Audience\n\n- [ ] Pupils\n- [ ] Staff\n') }));
    expect(html).toContain('<table class="form-group"><caption><span class="form-group-title">Audience</span></caption><tbody><tr><td><ul class="tick-boxes">');
    expect(html).toContain('<tr><td colspan="2"><ul class="tick-boxes"><li><span class="tick-box" aria-hidden="true"></span>Yes</li>');
  });

  it('escapes every value: what a school types is shown as text and never becomes markup', () => {
    const html = renderHtmlDocument(filledDemo({ [schoolFile]: hostileSchool }));
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).not.toContain('<strong>bold</strong>');
    expect(html).toContain('&#x3C;script>alert(1)&#x3C;/script> Primary');
    expect(html).toContain('<li>[x](javascript:alert(1))</li>');
    expect(html).toContain('<li>**bold**</li>');
    expect(html).toContain('<li>{{name}}</li>');
    expect(hostileValues).toHaveLength(4);
  });

  it('makes a standalone document in British English with the policy and school in its title', () => {
    const html = renderHtmlDocument(filledDemo());
    expect(html).toMatch(/^<!doctype html><html lang="en-GB"><head><meta charset="utf-8">/);
    expect(html).toContain('<title>Demo Policy – First School</title>');
    expect(html).toContain('<h1 class="policy-title"><span class="policy-school">First School</span> Demo Policy</h1>');
  });
});
