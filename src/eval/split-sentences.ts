/**
 * Stand-in for src/digest/sentences.ts until the engine lands on this branch: same signature,
 * wink-nlp sentence boundaries inside each paragraph (blank-line separated).
 */
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

let nlp: ReturnType<typeof winkNLP> | null = null;

/** Splits text into sentences, never across a paragraph break. */
export function splitSentences(text: string): string[] {
  nlp ??= winkNLP(model, ['sbd']);
  const out: string[] = [];
  for (const paragraph of text.split(/\n\s*\n/)) {
    const trimmed = paragraph.trim();
    if (trimmed === '') continue;
    for (const sentence of nlp.readDoc(trimmed).sentences().out()) {
      const clean = sentence.trim();
      if (clean !== '') out.push(clean);
    }
  }
  return out;
}
