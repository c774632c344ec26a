/**
 * The feeds bench's corpus: deterministic RSS feeds of news-shaped items (4 paragraphs of HTML in content:encoded,
 * a teaser description, a GUID, a date), and article pages with navigation, ads and comments around the text.
 * Text varies per feed and item (a seeded generator picks words), so dedup by fingerprint does not collapse them.
 */
import { createRandom } from './corpus.js';

/** The fixed "now" of the feeds bench; items are dated in the hours before it. */
export const FEEDS_NOW = new Date('2025-12-01T12:00:00Z');
export const ITEMS_PER_FEED = 50;

const subjects = ['The council', 'The minister', 'Dock workers', 'The central bank', 'Residents', 'The union', 'Police', 'The mayor', 'Engineers', 'The court'];
const verbs = ['said on Monday that', 'warned that', 'confirmed that', 'announced that', 'denied reports that', 'told reporters that'];
const objects = ['the harbour bridge would close for repairs', 'fares would rise by 4%', 'talks would resume next week', 'the budget was passed', 'the strike had ended', 'the inquiry would report in March', 'flood defences had held', 'the vote was delayed'];

function sentence(random: () => number): string {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  return `${pick(subjects)} ${pick(verbs)} ${pick(objects)}, after ${Math.floor(random() * 900) + 100} people ${pick(['signed a petition', 'attended a meeting', 'were affected', 'wrote to officials'])}.`;
}

function paragraph(random: () => number): string {
  return Array.from({ length: 3 }, () => sentence(random)).join(' ');
}

/** Feed `index` of the bench: `items` items an hour apart before `now`. */
export function benchFeed(index: number, items: number, now: Date): string {
  const random = createRandom(1000 + index);
  const entries: string[] = [];
  for (let i = 0; i < items; i += 1) {
    const paragraphs = Array.from({ length: 4 }, () => paragraph(random));
    const date = new Date(now.getTime() - (i + 1) * 3_600_000).toUTCString();
    entries.push(`<item><title>Feed ${index} story ${i}: ${sentence(random).slice(0, 60).replace(/[.,]$/, '')}</title>
<link>https://outlet${index}.example/news/${i}?utm_source=rss</link><guid isPermaLink="false">outlet${index}-${i}</guid><pubDate>${date}</pubDate>
<description><![CDATA[${paragraphs[0]}]]></description>
<content:encoded><![CDATA[${paragraphs.map((p) => `<p>${p.replace('said', '<b>said</b>')}</p>`).join('\n')}]]></content:encoded></item>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Outlet ${index}</title><link>https://outlet${index}.example/</link><description>News</description>
${entries.join('\n')}
</channel></rss>`;
}

/** Article page `index`: a news article of 8 paragraphs inside navigation, an ad, a share bar and comments. */
export function benchPage(index: number): string {
  const random = createRandom(50_000 + index);
  const body = Array.from({ length: 8 }, () => `<p>${paragraph(random)}</p>`).join('\n');
  const links = Array.from({ length: 20 }, (_, i) => `<li><a href="/section/${i}">Section ${i}</a></li>`).join('');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Story ${index}</title><script>var ads=[];</script></head><body>
<header><nav><ul>${links}</ul></nav></header><div class="advert">Advertisement: subscribe for 1 euro</div>
<main><article><h1>Story ${index}</h1><p class="byline">By A. Writer</p>${body}</article>
<div class="share">Share · Tweet · Email</div><section class="comments"><h2>Comments</h2>${Array.from({ length: 5 }, (_, i) => `<div class="comment"><p>Comment ${i}: well said.</p></div>`).join('')}</section></main>
<footer>© 2025 Outlet</footer></body></html>`;
}
