/**
 * The CSS a redline needs, inside a page or a standalone document. Insertions are underlined and
 * deletions struck through, and both are marked in words, so neither depends on colour.
 */
export const redlineCss = `
.redline-versions dt { font-weight: 700; }
.redline-versions dd { margin: 0 0 0.5em; }
.redline-release { margin: 0.5em 0 1em; }
.redline-release p { margin: 0.25em 0; }
.redline-change { border-left: 5px solid #b1b4b6; padding-left: 1em; margin: 1.5em 0; }
.redline-change h3, .redline-change h4 { overflow-wrap: anywhere; }
.redline-reason { background: #f3f2f1; padding: 0.25em 0.75em; margin: 0.5em 0; }
.redline-reason p { margin: 0.25em 0; }
.redline-text { white-space: pre-wrap; overflow-wrap: anywhere; }
.redline-text ins { text-decoration: underline; text-decoration-thickness: 2px; background: #cce2d8; color: #0b0c0c; }
.redline-text del { text-decoration: line-through; text-decoration-thickness: 2px; background: #f4cdc6; color: #0b0c0c; }
.redline-marker { display: inline-block; font-weight: 700; text-decoration: none; }
`;
