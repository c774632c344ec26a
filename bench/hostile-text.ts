/**
 * Hostile article text: long runs of the shapes that made the digest's patterns backtrack (sentence ends,
 * stops beside quote marks, quoted words without a speaker, capitals, spaces). Shared by the bench's
 * hostile-text row and the linear-time test.
 */

/** One hostile shape: a name and the unit repeated to make text of any size. */
export interface HostileShape {
  name: string;
  unit: string;
}

export const hostileShapes: readonly HostileShape[] = [
  { name: 'spaced stops', unit: '. ' },
  { name: 'stop runs', unit: '...' },
  { name: 'bangs', unit: '!!!' },
  { name: 'ellipses', unit: '\u2026' },
  { name: 'stops by quotes', unit: '."' },
  { name: 'curly stops by quotes', unit: '.\u201D \u201C' },
  { name: 'quoted words, no speaker', unit: '\u201CWord\u201D ' },
  { name: 'straight quoted words', unit: '"word" ' },
  { name: 'capitals', unit: 'A ' },
  { name: 'capital words', unit: 'The Big ' },
  { name: 'spaces', unit: '  ' },
  { name: 'single quotes', unit: "'a' " },
  { name: 'stop quote capital', unit: '. "The ' },
  { name: 'said runs', unit: 'said ' },
  { name: 'digits and stops', unit: '1.' },
  { name: 'dashes', unit: '- ' },
  { name: 'markdown stars', unit: '*a ' },
  { name: 'brackets', unit: '[a](' },
  { name: 'lower words', unit: 'word ' },
  { name: 'day names', unit: 'on Monday ' },
];

/** How the hostile run is laid out: one paragraph, or paragraphs of about 200 characters. */
export type HostileLayout = 'paragraph' | 'lines';

/** `unit` repeated to `chars` characters after an ordinary opening sentence, in the given layout. */
export function hostileText(unit: string, chars: number, layout: HostileLayout = 'paragraph'): string {
  const run = unit.repeat(Math.ceil(chars / unit.length)).slice(0, chars);
  const body = layout === 'paragraph' ? run : (run.match(/[^]{1,200}/g) ?? []).join('\n\n');
  return `Officials said the talks would resume on Monday.\n\n${body} The end.`;
}

/** An article file (front matter and body) as the content folder holds it. */
export function articleFile(title: string, body: string, published = '2025-11-30T10:00:00Z'): string {
  return `---\ntitle: ${JSON.stringify(title)}\npublished: "${published}"\n---\n${body}\n`;
}
