import type { Digest } from '../digest/types.js';
import { coverageLine, eventDateLabel, moreStoriesLine, sourceCountLabel, sourceLabel, speakerLabel, type RenderOptions } from './common.js';

/** Renders the digest as plain text for a terminal. */
export function renderText(digest: Digest, options: RenderOptions): string {
  const lines: string[] = [];
  const shown = digest.stories.slice(0, options.maxStories);
  lines.push(`Brief — ${digest.stories.length} ${digest.stories.length === 1 ? 'story' : 'stories'}`);
  const coverage = coverageLine(digest);
  if (coverage) lines.push(coverage);
  if (digest.stories.length === 0) lines.push('', 'No articles to summarise.');
  shown.forEach((story, index) => {
    lines.push('', `${index + 1}. ${story.headline}`, `   ${sourceCountLabel(story)}: ${story.sources.map(sourceLabel).join(', ')}`);
    if (story.summary) lines.push('', `   ${story.summary}`);
    if (story.quotes.length > 0) {
      lines.push('');
      for (const quote of story.quotes) {
        const at = options.quoteOffsets && quote.file ? ` [${quote.file} ${quote.start ?? '?'}–${quote.end ?? '?'}]` : '';
        lines.push(`   “${quote.text}” — ${speakerLabel(quote)}${at}`);
      }
    }
    if (story.whatsNext.length > 0) {
      lines.push('', '   What’s next:');
      for (const event of story.whatsNext) {
        const label = eventDateLabel(event, digest.generatedAt);
        lines.push(`   • ${label ? `${label}: ` : ''}${event.text}`);
      }
    }
    for (const source of story.sources) if (source.url) lines.push(`   ${sourceLabel(source)}: ${source.url}`);
  });
  const more = moreStoriesLine(digest, shown.length);
  if (more) lines.push('', more);
  if (digest.problems.length > 0) {
    // A problem is a file or feed article left out, or one read only in part (over the length limit).
    lines.push('', `Skipped or shortened (${digest.problems.length}):`);
    for (const problem of digest.problems) lines.push(`  ${problem.file}: ${problem.message}`);
  }
  return lines.join('\n') + '\n';
}
