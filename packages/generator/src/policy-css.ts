/**
 * The stylesheet for a policy's HTML: readable measure, clause numbers in a hanging column,
 * forms as bordered tables with room to write, and a print layout. Used by the standalone HTML
 * document and by the site.
 */
export const policyCss = `
.policy { max-width: 46rem; line-height: 1.5; color: #0b0c0c; }
.policy { overflow-wrap: break-word; }
.policy a { overflow-wrap: anywhere; }
.policy-page { margin: 0 auto; padding: 1rem; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
.policy-title { font-size: 2rem; line-height: 1.2; margin: 0 0 0.5rem; }
.policy-school { display: block; font-size: 1.125rem; font-weight: normal; color: #484949; margin-bottom: 0.25rem; }
.policy-reviewed { margin: 0 0 1.5rem; color: #484949; }
.policy-motto { margin: 0 0 0.5rem; font-style: italic; }
.policy mark.blank { background: #fff2a8; color: #0b0c0c; border-bottom: 2px dashed #594d00; padding: 0 0.15em; }
.policy-contents { border-left: 4px solid #b1b4b6; padding-left: 1rem; margin: 0 0 2rem; }
.policy-contents h2 { font-size: 1.25rem; margin: 0 0 0.5rem; }
.policy-contents ol { list-style: none; padding: 0; margin: 0; }
.policy-contents li { margin: 0.25rem 0; }
.policy a { color: #1d70b8; text-decoration-thickness: max(1px, 0.0625rem); text-underline-offset: 0.1578em; }
.policy a:visited { color: #4c2c92; }
.policy a:focus { outline: 3px solid transparent; color: #0b0c0c; background-color: #ffdd00; box-shadow: 0 -2px #ffdd00, 0 4px #0b0c0c; text-decoration: none; }
.policy-part { margin-top: 2.5rem; }
.policy-part > h2 { font-size: 1.5rem; line-height: 1.25; margin: 0 0 1rem; }
.policy-subsection > h3 { font-size: 1.1875rem; margin: 1.5rem 0 0.75rem; }
.clause { display: grid; grid-template-columns: 3.75rem minmax(0, 1fr); column-gap: 0.5rem; margin: 0 0 1rem; }
.clause-number { font-weight: bold; padding-top: 0.05em; }
.clause-body > :first-child { margin-top: 0; }
.clause-body > :last-child { margin-bottom: 0; }
.clause-body ul, .policy-text ul { padding-left: 1.25rem; }
.policy-text { margin: 0 0 1rem; }
.own-wording { font-style: italic; font-size: 0.875rem; color: #505a5f; margin: 0.25rem 0 0; padding-left: 0.5rem; border-left: 3px solid #505a5f; }
.policy-form { margin: 1rem 0; }
.form-group { width: 100%; border-collapse: collapse; margin: 0 0 1.5rem; }
.form-group caption { text-align: left; padding: 0 0 0.5rem; }
.form-group-title { display: block; font-weight: bold; font-size: 1.125rem; }
.form-guidance { margin: 0.25rem 0 0; }
.form-group th, .form-group td { border: 1px solid #505a5f; padding: 0.5rem; vertical-align: top; text-align: left; overflow-wrap: anywhere; hyphens: auto; }
.form-group th { width: 45%; font-weight: normal; }
.form-answer-line { height: 2rem; }
.form-answer-box { height: 6rem; }
.form-subheading { font-weight: bold; background: #f3f2f1; }
.tick-boxes { list-style: none; margin: 0; padding: 0; }
.tick-boxes li { display: flex; gap: 0.5rem; align-items: baseline; margin: 0.25rem 0; min-width: 0; }
.tick-box { flex: none; display: inline-block; width: 0.9em; height: 0.9em; border: 2px solid #0b0c0c; transform: translateY(0.1em); }
@media (max-width: 30rem) {
  .clause { grid-template-columns: minmax(0, 1fr); }
  .form-group { font-size: 1rem; }
  .form-group th { width: 55%; }
  .form-group th, .form-group td { padding: 0.375rem; }
}
@media print {
  .policy { max-width: none; font-size: 11pt; }
  .policy-contents { display: none; }
  .policy-part { break-before: auto; }
  .policy-appendix { break-before: page; }
  .policy-part > h2, .policy-subsection > h3 { break-after: avoid; }
  .clause, .form-group tr { break-inside: avoid; }
  .policy a { color: inherit; }
}
`;
