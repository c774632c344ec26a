import winkNLP, { type ItemSentence } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

// Only sentence boundaries are needed; the POS and NER passes would double the cost for nothing we use.
const nlp = winkNLP(model, ['sbd']);

/** Splits one paragraph into sentences (wink-nlp's boundary detection, which knows "U.S." and "Mr."). */
export function splitParagraph(paragraph: string): string[] {
  const trimmed = paragraph.trim();
  if (trimmed === '') return [];
  const sentences: string[] = [];
  nlp.readDoc(trimmed).sentences().each((sentence: ItemSentence) => {
    const text = sentence.out().trim();
    if (text !== '') sentences.push(text);
  });
  return mergeStrandedPieces(sentences);
}

/** Splits text into sentences, treating every line as a paragraph boundary. */
export function splitSentences(text: string): string[] {
  return text.split(/\n+/).flatMap(splitParagraph);
}

/**
 * Rejoins pieces the splitter leaves alone that cannot be sentences: a lone closing quote mark, an ellipsis,
 * or an attribution tail ("he said.") after a quote that ended in "?" or "!".
 */
function mergeStrandedPieces(sentences: string[]): string[] {
  const merged: string[] = [];
  for (const sentence of sentences) {
    const previous = merged[merged.length - 1];
    const stranded =
      /^[\u201D\u2019"')\]]+$/.test(sentence) ||
      /^[.\u2026]+$/.test(sentence) ||
      (previous !== undefined && /[?!][\u201D"]$/.test(previous) && /^[a-z]/.test(sentence));
    if (stranded && previous !== undefined) merged[merged.length - 1] = `${previous} ${sentence}`;
    else merged.push(sentence);
  }
  return merged;
}
