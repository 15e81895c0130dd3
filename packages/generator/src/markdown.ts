import { gfmStrikethroughFromMarkdown, gfmStrikethroughToMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown, gfmTableToMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown, gfmTaskListItemToMarkdown } from 'mdast-util-gfm-task-list-item';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';

/**
 * The Markdown that clause templates are written in: CommonMark with GitHub's tables, task-list
 * tick boxes and strike-through, but without GitHub's bare-URL autolinks. Those are found after
 * parsing, in text, so they would turn a school's value such as "www.example.com" into a link
 * whatever escaping it had; a template author writes links explicitly instead.
 */
export function remarkPolicyMarkdown(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmTable(), gfmTaskListItem(), gfmStrikethrough());
  (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown(), gfmTaskListItemFromMarkdown(), gfmStrikethroughFromMarkdown());
}

/** Parses filled clause text into a Markdown syntax tree. */
export const markdownParser = unified().use(remarkParse).use(remarkPolicyMarkdown).freeze();

/** The same extensions, for writing Markdown back out. */
export const markdownOutputExtensions = [gfmTableToMarkdown(), gfmTaskListItemToMarkdown(), gfmStrikethroughToMarkdown()];
