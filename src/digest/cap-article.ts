import type { Article, Problem } from './types.js';

/**
 * Characters of text read per article (standfirst and paragraphs): a long feature runs to 50,000, so this cuts
 * only what no reader wants in a digest, and bounds the time any one article can take however it is made.
 */
export const MAX_ARTICLE_CHARS = 200_000;

/** Where to cut `text` to at most `limit` characters: after the last sentence end, else at the last space. */
function cutPoint(text: string, limit: number): number {
  const head = text.slice(0, limit + 1);
  // A stop (and any closing marks) followed by white space ends a sentence; look back no further than needed.
  const sentence = /[.!?\u2026]["'\u201D\u2019)\]]*(?=\s)/g;
  let lastSentence = -1;
  for (let match = sentence.exec(head); match !== null; match = sentence.exec(head)) {
    const end = match.index + match[0].length;
    if (end <= limit) lastSentence = end;
  }
  if (lastSentence > 0) return lastSentence;
  for (let at = limit; at > 0; at--) if (/\s/.test(head[at] ?? '')) return at;
  return 0;
}

/**
 * The article with its text cut to `limit` characters at a sentence (or word) boundary, and a problem saying
 * so; the article unchanged and no problem when it is within the limit. Whole paragraphs are kept while they fit.
 */
export function capArticleText(article: Article, limit = MAX_ARTICLE_CHARS): { article: Article; problem: Problem | null } {
  const standfirst = article.standfirst ?? '';
  const total = article.paragraphs.reduce((sum, paragraph) => sum + paragraph.length, standfirst.length);
  if (total <= limit) return { article, problem: null };

  let room = limit;
  let keptStandfirst = article.standfirst;
  if (standfirst.length > room) {
    const at = cutPoint(standfirst, room);
    keptStandfirst = at > 0 ? standfirst.slice(0, at) : null;
    room = 0;
  } else {
    room -= standfirst.length;
  }
  const paragraphs: string[] = [];
  for (const paragraph of article.paragraphs) {
    if (room <= 0) break;
    if (paragraph.length <= room) {
      paragraphs.push(paragraph);
      room -= paragraph.length;
      continue;
    }
    const at = cutPoint(paragraph, room);
    if (at > 0) paragraphs.push(paragraph.slice(0, at).trimEnd());
    break;
  }
  const kept = paragraphs.reduce((sum, paragraph) => sum + paragraph.length, keptStandfirst?.length ?? 0);
  return {
    article: { ...article, standfirst: keptStandfirst, paragraphs },
    problem: {
      file: article.file,
      message: `text is ${total.toLocaleString('en-US')} characters; only the first ${kept.toLocaleString('en-US')} were read (the limit is ${limit.toLocaleString('en-US')})`,
    },
  };
}
