export { escapeMarkdown } from './escape-markdown.js';
export { formatDate, formatMonth, formatMonthOrDate, formatTime, formatValue } from './format-value.js';
export * from './filled-policy.js';
export { fillPolicy } from './fill.js';
export { withApproval } from './approval.js';
export { readForm } from './form.js';
export { blockText, renderText } from './render-text.js';
export { renderMarkdown } from './render-markdown.js';
export { documentTitle, markdownToHtml, renderHtmlBody, renderHtmlDocument, renderHtmlHeader } from './render-html.js';
export { policyCss } from './policy-css.js';
export { renderDocx, renderPdf, renderPdfWithPages, renderRedlineDocx, renderRedlinePdf, renderSiteDocuments } from './documents/lazy.js';
export { markdownParser, remarkPolicyMarkdown } from './markdown.js';
export { documentWords, phrase, pluralPhrase, wordsFor, type DocumentWords, type PluralForms, type RedlineWords } from './words.js';
export { policyText } from './policy-text.js';
export {
  adoptionSnapshot,
  changesBetween,
  checkAdoptedVersions,
  checkReleaseChanges,
  diffSchoolVersions,
  diffTemplateReleases,
  findVersion,
  resolvedText,
  summariesBetween,
  type ReleaseSummary,
  type VersionDiff,
  type VersionLabel,
} from './versions.js';
export { markedText, markers, redlineView, redlineWords, type RedlineChange, type RedlineSection, type RedlineView } from './redline-view.js';
export { renderDiffText } from './redline-text.js';
export { renderDiffHtml, renderRedlineHtmlBody } from './redline-html.js';
export { redlineCss } from './redline-css.js';
export { escapeXml } from './feeds/xml.js';
export { atomTimestamp, calendarDate, calendarTimestamp, firstDay, nextDay } from './feeds/dates.js';
export { absoluteUrl, renderRobots, renderSitemap, renderSitemapIndex, sitemapFiles, sitemapLimit, sitemapName } from './feeds/sitemap.js';
export { newestFirst, renderAtomFeed, type AtomEntry, type AtomFeed, type AtomPerson } from './feeds/atom.js';
export { escapeText, foldLine, maxLineOctets, renderCalendar, type Calendar, type CalendarEvent } from './feeds/icalendar.js';
export { policyBase, siteDocuments, siteEntries, type SiteEntries, type SitePolicy, type SiteRedline } from './site/entries.js';
export { setSiteBuild, siteBuild, type SiteBuild } from './site/build.js';
export type { DocumentStageReport, RenderedDocument, SiteDocument } from './documents/stage.js';
export { DocumentCache, type DocumentInfo, type DocumentKind } from './documents/cache.js';
export { generatorFingerprint } from './documents/fingerprint.js';
export { readPolicyDocx, type DocxPiece, type PolicyDocx } from './docx/read-docx.js';
export { bookmarkName, documentProperties, propertyNames } from './docx/policy-marks.js';
