import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { isSentenceStopCode, isWhitespaceCode } from './text.js';

// Only sentence boundaries are needed; the POS and NER passes would double the cost for nothing we use.
const nlp = winkNLP(model, ['sbd']);

/** A full stop, question or exclamation mark, or ellipsis that is not the paragraph's closing one. */
const stopBeforeTheEnd = /[.!?\u2026](?![.!?\u2026"'\u201D\u2019)\]]*$)/;

/** Splits one paragraph into sentences (wink-nlp's boundary detection, which knows "U.S." and "Mr."). */
export function splitParagraph(paragraph: string): string[] {
  return splitParagraphs([paragraph])[0] ?? [];
}

/**
 * Splits paragraphs into sentences in one pass of the tokenizer (one document per article is much cheaper than
 * one per paragraph); a line break always ends a sentence, so every sentence stays in its paragraph.
 */
export function splitParagraphs(paragraphs: string[], known?: Map<string, string[]>): string[][] {
  if (known) return splitRemembered(paragraphs, known);
  const result: string[][] = paragraphs.map(() => []);
  const flattened = paragraphs.map((paragraph) => (paragraph.includes('\n') ? paragraph.replace(/\s*\n\s*/g, ' ') : paragraph).trim());
  // A paragraph with no stop but the one that ends it is one sentence as it stands; only the rest go to the
  // splitter (news has many one-sentence paragraphs, and the splitter is the costliest step of the digest).
  const toSplit: number[] = [];
  flattened.forEach((text, index) => {
    if (text === '') return;
    if (!stopBeforeTheEnd.test(text)) {
      result[index] = [text];
      return;
    }
    const plain = splitAtPlainStops(text) ?? (hasLongRun(text) ? splitAtStopsByScan(text) : null);
    if (plain) result[index] = plain;
    else toSplit.push(index);
  });
  const joined = toSplit.map((index) => flattened[index]).join('\n');
  if (joined !== '') splitInto(result, joined, toSplit);
  return result.map((sentences) => mergeStrandedPieces(sentences).flatMap(splitAtMissingStops));
}

/**
 * splitParagraphs with each distinct paragraph split once over a build: wire copies and outlets quoting one another
 * repeat paragraphs word for word. The splitter reads the paragraphs it is given in one document, but a line break
 * ends every sentence there, so a paragraph's sentences do not depend on its neighbours. Callers may change the
 * lists they get, so each is a copy.
 */
function splitRemembered(paragraphs: string[], known: Map<string, string[]>): string[][] {
  const result: string[][] = [];
  const unknown: number[] = [];
  paragraphs.forEach((paragraph, index) => {
    const sentences = known.get(paragraph);
    if (sentences) result[index] = sentences.slice();
    else unknown.push(index);
  });
  if (unknown.length > 0) {
    const fresh = splitParagraphs(unknown.map((index) => paragraphs[index] ?? ''));
    unknown.forEach((index, at) => {
      const sentences = fresh[at] ?? [];
      known.set(paragraphs[index] ?? '', sentences.slice());
      result[index] = sentences;
    });
  }
  return result;
}

/** Words that end in a full stop without ending the sentence: titles, months, states, "No.", "etc.". */
const abbreviations = new Set([
  'Mr', 'Mrs', 'Ms', 'Messrs', 'Dr', 'Prof', 'Rev', 'Hon', 'Sen', 'Gov', 'Rep', 'Pres', 'Gen', 'Col', 'Capt', 'Lt', 'Sgt', 'Cpl',
  'Pvt', 'Adm', 'Maj', 'Cmdr', 'Det', 'Insp', 'Supt', 'Jr', 'Sr', 'Esq', 'St', 'Ft', 'Mt', 'Ave', 'Blvd', 'Rd', 'Jan', 'Feb',
  'Mar', 'Apr', 'Jun', 'Jul', 'Aug', 'Sep', 'Sept', 'Oct', 'Nov', 'Dec', 'Inc', 'Corp', 'Ltd', 'Co', 'Bros', 'Dept', 'Govt',
  'Assn', 'Univ', 'Calif', 'Mass', 'Conn', 'Wash', 'Tenn', 'Okla', 'Minn', 'Colo', 'Mich', 'Ariz', 'Penn', 'Fla', 'Ga', 'Ill',
  'Ind', 'Wis', 'Wisc', 'No', 'Nos', 'Vol', 'Fig', 'Ph', 'vs', 'etc', 'approx', 'est', 'al', 'cf', 'ca', 'viz',
]);

function isClosingMarkCode(code: number): boolean {
  return code === 34 || code === 39 || code === 0x201d || code === 0x2019 || code === 41; // " ' ” ’ )
}

function isOpeningMarkCode(code: number): boolean {
  return code === 34 || code === 39 || code === 0x201c || code === 0x2018 || code === 40; // " ' “ ‘ (
}

function isLetter(char: string): boolean {
  return char.toLowerCase() !== char.toUpperCase();
}

/**
 * Splits a paragraph whose every stop plainly ends a sentence: it follows a word (not an abbreviation, not an
 * initial) and is followed by a space and a capital. Such paragraphs are most of news text, and this reads them
 * without the splitter; null leaves the paragraph to the splitter (a number like 3.5, "U.S.", "Mr.", an ellipsis).
 */
function splitAtPlainStops(text: string): string[] | null {
  const sentences: string[] = [];
  let sentenceStart = 0;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === 0x2026) return null;
    if (!isSentenceStopCode(code)) continue;
    let next = at + 1;
    while (next < text.length && (isClosingMarkCode(text.charCodeAt(next)) || isSentenceStopCode(text.charCodeAt(next)))) next++;
    if (next >= text.length) break;
    if (!isWhitespaceCode(text.charCodeAt(next))) return null;
    const end = next;
    while (next < text.length && isWhitespaceCode(text.charCodeAt(next))) next++;
    if (next < text.length && isOpeningMarkCode(text.charCodeAt(next))) next++;
    const following = text[next] ?? '';
    if (following === following.toLowerCase() || following !== following.toUpperCase()) return null;
    let wordStart = at;
    while (wordStart > 0 && isLetter(text[wordStart - 1] ?? '')) wordStart--;
    const word = text.slice(wordStart, at);
    // "p.m.", "U.S.": a stop right before the word; "J.": an initial; "UK.", "AP.": a short word ending in a capital.
    if (word.length < 2 || abbreviations.has(word) || text[wordStart - 1] === '.') return null;
    if (word.length < 4 && word[word.length - 1] !== word[word.length - 1]?.toLowerCase()) return null;
    sentences.push(text.slice(sentenceStart, end).trim());
    sentenceStart = end;
    at = end - 1;
  }
  sentences.push(text.slice(sentenceStart).trim());
  return sentences;
}

/**
 * Longer than any word: the splitter's tokenizer tries an e-mail pattern at every character of a run without
 * spaces, so a run of "!!!…" costs time in the square of its length (40 KB took 6 s). Text holding such a run is
 * not prose, and is split by the scan below instead.
 */
const LONGEST_RUN = 100;

/** Whether `text` holds a run of more than LONGEST_RUN characters without white space. */
function hasLongRun(text: string): boolean {
  let run = 0;
  for (let at = 0; at < text.length; at++) {
    if (isWhitespaceCode(text.charCodeAt(at))) run = 0;
    else if (++run > LONGEST_RUN) return true;
  }
  return false;
}

/** Splits after each run of stops (and closing marks) followed by white space and a capital or digit; one linear pass. */
function splitAtStopsByScan(text: string): string[] {
  const sentences: string[] = [];
  let sentenceStart = 0;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (!isSentenceStopCode(code) && code !== 0x2026) continue;
    let next = at + 1;
    while (next < text.length && (isClosingMarkCode(text.charCodeAt(next)) || isSentenceStopCode(text.charCodeAt(next)) || text.charCodeAt(next) === 0x2026)) next++;
    const end = next;
    if (next >= text.length || !isWhitespaceCode(text.charCodeAt(next))) {
      at = next - 1;
      continue;
    }
    while (next < text.length && isWhitespaceCode(text.charCodeAt(next))) next++;
    if (next < text.length && isOpeningMarkCode(text.charCodeAt(next))) next++;
    const following = text[next] ?? '';
    if (following !== following.toUpperCase() || (following === following.toLowerCase() && !/\d/.test(following))) {
      at = end - 1;
      continue;
    }
    const sentence = text.slice(sentenceStart, end).trim();
    if (sentence !== '') sentences.push(sentence);
    sentenceStart = end;
    at = end - 1;
  }
  const rest = text.slice(sentenceStart).trim();
  if (rest !== '') sentences.push(rest);
  return sentences;
}

/** Runs the splitter over the joined paragraphs and files each sentence under its paragraph's index. */
function splitInto(result: string[][], joined: string, toSplit: number[]): void {
  let cursor = 0;
  let paragraphIndex = 0;
  // The next line break at or after the cursor, kept rather than searched for again from every sentence: with
  // no break ahead, each search would read to the end of the text, in the square of its length overall.
  let nextBreak = joined.indexOf('\n');
  const add = (piece: string) => {
    const trimmed = piece.trim();
    if (trimmed !== '') result[toSplit[paragraphIndex] ?? -1]?.push(trimmed);
  };
  for (const text of nlp.readDoc(joined).sentences().out()) {
    const at = joined.indexOf(text, cursor);
    const start = at >= 0 ? at : cursor;
    if (nextBreak >= 0 && nextBreak < cursor) nextBreak = joined.indexOf('\n', cursor);
    while (nextBreak >= 0 && nextBreak < start) {
      paragraphIndex++;
      nextBreak = joined.indexOf('\n', nextBreak + 1);
    }
    if (text.includes('\n')) {
      text.split('\n').forEach((piece, pieceIndex) => {
        if (pieceIndex > 0) paragraphIndex++;
        add(piece);
      });
    } else {
      add(text);
    }
    cursor = at >= 0 ? at + text.length : cursor;
  }
}

/**
 * Where a stop went missing: a word, then a capitalised pronoun or article opening a clause ("…with his finger The
 * fish moves…", "…West Brom But after…"). Online news splices photo captions and "Scroll down for video" into the
 * text like this; the splitter cannot see the seam, and the joined sentence reads as nonsense. Every alternative
 * begins with the space it cuts at, its look-behind read past it: a look-behind first was tried at every character
 * of the sentence.
 */
const missingStop =
  / (?=(?:The|But|He|She|They|It|This|His|Her|Their|However|Meanwhile|In) \p{Ll})(?<=[\p{L}\d] )| (?<=(?:^|\s)(?:\p{Ll}[\p{L}'-]*|\d+) )(?=An? (?!(?:on|in|at|of|and|or|to|is|was|for)\b)\p{Ll})| (?<=\bScroll down for (?:video|more) )(?=\p{Lu})/gu;

/** What every missing stop holds, found without look-behinds: most sentences are let go after this test alone. */
const missingStopHint = / (?:The|But|He|She|They|It|This|His|Her|Their|However|Meanwhile|In|An?) \p{Ll}|Scroll down/u;

/** Cuts a sentence at each missing stop; the pieces keep their text, so a piece without its stop reads as unfinished. */
function splitAtMissingStops(sentence: string): string[] {
  if (!missingStopHint.test(sentence)) return [sentence];
  return sentence.split(missingStop).filter((piece) => piece.trim() !== '');
}

/** Splits text into sentences, treating every line as a paragraph boundary. */
export function splitSentences(text: string): string[] {
  return splitParagraphs(text.split(/\n/)).flat();
}

/**
 * Rejoins pieces the splitter leaves alone that cannot be sentences: a lone closing quote mark, an ellipsis,
 * or an attribution tail ("he said.") after a quote that ended in "?" or "!".
 */
function mergeStrandedPieces(sentences: string[]): string[] {
  const merged: string[] = [];
  for (let sentence of sentences) {
    let previous = merged[merged.length - 1];
    // A closing quote mark the splitter left at the start of the next sentence ("…Bel-Air. ' The clip…").
    // Every test below reads the sentence's first character first, so most sentences pass after one look.
    const first = sentence.charCodeAt(0);
    const strayClose = previous !== undefined && isClosingMarkCode(first) ? /^(?:''|["\u201D\u2019'])(?=\s+\S)/.exec(sentence) : null;
    if (strayClose && previous !== undefined) {
      previous = `${previous} ${strayClose[0]}`;
      merged[merged.length - 1] = previous;
      sentence = sentence.slice(strayClose[0].length).trim();
    }
    const opening = sentence.charCodeAt(0);
    const stranded =
      ((isClosingMarkCode(opening) || opening === 0x5d) && /^[\u201D\u2019"')\]]+$/.test(sentence)) ||
      ((opening === 46 || opening === 0x2026) && /^[.\u2026]+$/.test(sentence)) ||
      (previous !== undefined && opening >= 97 && opening <= 122 && /[.?!][\u201D"]$/.test(previous));
    if (stranded && previous !== undefined) merged[merged.length - 1] = `${previous} ${sentence}`;
    else merged.push(sentence);
  }
  return merged;
}
