import type { Digest } from '../digest/types.js';
import { coverageLine, eventDateLabel, moreStoriesLine, sourceCountLabel, sourceLabel, speakerLabel, type RenderOptions } from './common.js';

/** Escapes Markdown control characters in article text so it renders as written. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_{}[\]<>#|~])/g, '\\$1').replace(/^(\d+)\./, '$1\\.');
}

/** Renders the digest as Markdown (for files, chat tools that read Markdown, or email). */
export function renderMarkdown(digest: Digest, options: RenderOptions): string {
  const lines: string[] = ['# Brief', ''];
  const coverage = coverageLine(digest);
  if (coverage) lines.push(`_${coverage}_`, '');
  if (digest.stories.length === 0) lines.push('No articles to summarise.', '');
  const shown = digest.stories.slice(0, options.maxStories);
  for (const story of shown) {
    lines.push(`## ${escapeMarkdown(story.headline)}`, '', `_${sourceCountLabel(story)}_`, '');
    if (story.summary) lines.push(escapeMarkdown(story.summary), '');
    for (const quote of story.quotes) lines.push(`> “${escapeMarkdown(quote.text)}”  `, `> — ${escapeMarkdown(speakerLabel(quote))}`, '');
    if (story.whatsNext.length > 0) {
      lines.push('**What’s next**', '');
      for (const event of story.whatsNext) {
        const label = eventDateLabel(event, digest.generatedAt);
        lines.push(`- ${label ? `**${label}:** ` : ''}${escapeMarkdown(event.text)}`);
      }
      lines.push('');
    }
    const sources = story.sources.map((source) =>
      source.url ? `[${escapeMarkdown(sourceLabel(source))}](${source.url.replace(/[()\s]/g, encodeURIComponent)})` : escapeMarkdown(sourceLabel(source)),
    );
    lines.push(`Sources: ${sources.join(' · ')}`, '');
  }
  const more = moreStoriesLine(digest, shown.length);
  if (more) lines.push(more, '');
  if (digest.problems.length > 0) {
    lines.push('## Skipped or shortened', '');
    for (const problem of digest.problems) lines.push(`- ${escapeMarkdown(problem.file)}: ${escapeMarkdown(problem.message)}`);
    lines.push('');
  }
  return lines.join('\n');
}
