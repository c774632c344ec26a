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
 * Splits paragraphs into sentences; a line break always ends a sentence, so every sentence stays in its paragraph.
 * Most stops plainly end a sentence or plainly do not, and a scan settles those; only the stretches between
 * settled boundaries that hold a stop it cannot settle ("U.S. The", "Wis. And", an ellipsis) go to the splitter,
 * one line each and all in one document (the splitter is the costliest step of the digest, and one document for
 * many lines is much cheaper than one per line).
 */
export function splitParagraphs(paragraphs: string[], known?: Map<string, string[]>): string[][] {
  if (known) return splitRemembered(paragraphs, known);
  const pieces: (string | string[])[][] = paragraphs.map(() => []);
  const unsettled: string[][] = [];
  const unsettledText: string[] = [];
  paragraphs.forEach((paragraph, index) => {
    const text = (paragraph.includes('\n') ? paragraph.replace(/\s*\n\s*/g, ' ') : paragraph).trim();
    if (text === '') return;
    // A paragraph with no stop but the one that ends it is one sentence as it stands (news has many).
    if (!stopBeforeTheEnd.test(text)) {
      pieces[index] = [text];
      return;
    }
    for (const stretch of settleStops(text)) {
      if (typeof stretch === 'string') {
        pieces[index]?.push(stretch);
      } else if (hasLongRun(stretch.text)) {
        pieces[index]?.push(...splitAtStopsByScan(stretch.text));
      } else {
        const slot: string[] = [];
        unsettled.push(slot);
        unsettledText.push(stretch.text);
        pieces[index]?.push(slot);
      }
    }
  });
  if (unsettled.length > 0) splitInto(unsettled, unsettledText.join('\n'), unsettled.map((_, at) => at));
  return pieces.map((parts, index) => mergeStrandedPieces(parts.flat(), paragraphs[index] ?? '').flatMap(splitAtMissingStops));
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

function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Digits from `start` that end a number ("3.5", "6.15pm"), not one part of several ("1.2.3", "192.168.0.1"). */
function isDecimalPart(text: string, start: number): boolean {
  let end = start;
  while (end < text.length && isDigitCode(text.charCodeAt(end))) end++;
  return end > start && text[end] !== '.';
}

/** Whether a number ("2012", "$5", "1.5") ends at `end`, standing alone: not a part of "A4" or "1.2.3". */
function endsNumber(text: string, end: number): boolean {
  let start = end;
  while (start > 0 && isDigitCode(text.charCodeAt(start - 1))) start--;
  if (start === end) return false;
  // One decimal point may stand inside it.
  if (text[start - 1] === '.' && isDigitCode(text.charCodeAt(start - 2))) {
    start--;
    while (start > 0 && isDigitCode(text.charCodeAt(start - 1))) start--;
  }
  const before = text[start - 1] ?? ' ';
  return before !== '.' && !isLetter(before) && !isDigitCode(before.charCodeAt(0));
}

/** A quote mark that may close a quotation standing alone: a closing mark but ")". */
function isDetachedClosingMarkCode(code: number): boolean {
  return isClosingMarkCode(code) && code !== 41;
}

/**
 * Where an acronym written with stops ends ("U.S.", "p.m.", "S.E.C."), read from its first stop at `stop`:
 * single letters each followed by a stop, standing alone. -1 when the stop is not in one ("www.bbc", "3.5").
 */
function acronymEnd(text: string, stop: number): number {
  if (!isLetter(text[stop - 1] ?? '') || isLetter(text[stop - 2] ?? '') || text[stop - 2] === '.') return -1;
  let end = stop + 1;
  let letters = 1;
  while (isLetter(text[end] ?? '') && text[end + 1] === '.') {
    end += 2;
    letters++;
  }
  return letters >= 2 && !isLetter(text[end] ?? '') && !isDigitCode(text.charCodeAt(end)) ? end : -1;
}

/** Whether the sentence plainly goes on after an acronym ending at `end`: a lower-case word, a digit or a joining mark. */
function continuesAfterAcronym(text: string, end: number): boolean {
  const mark = text[end] ?? '';
  if (mark === ',' || mark === ';' || mark === ':' || mark === '-' || mark === ')') return true;
  if (!isWhitespaceCode(text.charCodeAt(end))) return false;
  let next = end;
  while (next < text.length && isWhitespaceCode(text.charCodeAt(next))) next++;
  const following = text[next] ?? '';
  return isDigitCode(following.charCodeAt(0)) || isLowerCaseLetter(following);
}

/** Titles before a name: "Mr. Obama", "Maj. Gen. Igor Konashenkov" go on ("St." may end a sentence as "Street" does). */
const titles = new Set(['Mr', 'Mrs', 'Ms', 'Dr', 'Rep', 'Sen', 'Gov', 'Gen', 'Lt', 'Col', 'Capt', 'Sgt', 'Prof', 'Adm', 'Maj', 'Supt', 'Insp', 'Det']);

function isLetter(char: string): boolean {
  return char.toLowerCase() !== char.toUpperCase();
}

function isCapital(char: string): boolean {
  return char !== char.toLowerCase() && char === char.toUpperCase();
}

function isLowerCaseLetter(char: string): boolean {
  return char !== char.toUpperCase() && char === char.toLowerCase();
}

/** A stretch of a paragraph holding a stop the scan could not settle: the splitter reads it. */
interface UnsettledStretch {
  text: string;
}

/**
 * Cuts a paragraph at the stops that plainly end a sentence: after a word (not an abbreviation, not an initial, not
 * a short word in capitals), a number, a percentage or a closing mark, before white space and a capital. A decimal
 * point ("3.5", "6.15pm"), a title before a name ("Mr. Obama") and an acronym before a lower-case word or a joining
 * mark ("the U.S. economy", "(D-N.Y.),") plainly do not end one. Any other stop ("U.S. The", "Wis. And", "No. 5",
 * an ellipsis) leaves the stretch it stands in, up to the next plain end, unsettled: the splitter reads it.
 * Checked against the splitter on 41,120 distinct paragraphs of the data sets and the bench corpus: they differ on
 * 148, where the splitter cut "6.15pm", "(D-N.Y.)" or "Maj. Gen." and missed an end after "..." (and on "Del.").
 */
function settleStops(text: string): (string | UnsettledStretch)[] {
  const stretches: (string | UnsettledStretch)[] = [];
  let stretchStart = 0;
  let settled = true;
  const close = (end: number) => {
    const stretch = text.slice(stretchStart, end).trim();
    if (stretch !== '') stretches.push(settled ? stretch : { text: stretch });
    stretchStart = end;
    settled = true;
  };
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === 0x2026) {
      settled = false;
      continue;
    }
    if (!isSentenceStopCode(code)) continue;
    let next = at + 1;
    while (next < text.length && (isClosingMarkCode(text.charCodeAt(next)) || isSentenceStopCode(text.charCodeAt(next)))) next++;
    if (next >= text.length) break;
    if (!isWhitespaceCode(text.charCodeAt(next))) {
      const acronym = code === 46 && next === at + 1 ? acronymEnd(text, at) : -1;
      if (acronym >= 0) {
        // "the U.S. economy", "U.S.-led", "9 p.m. on Friday" go on; "in the U.S. The…" is the splitter's to read.
        if (!continuesAfterAcronym(text, acronym)) settled = false;
        at = acronym - 1;
        continue;
      }
      // "3.5", "$1.2 billion", "6.15pm": a decimal point (the splitter cuts "6.15pm" after "6.").
      if (!(code === 46 && next === at + 1 && isDigitCode(text.charCodeAt(at - 1)) && isDecimalPart(text, next))) settled = false;
      at = next - 1;
      continue;
    }
    let end = next;
    while (next < text.length && isWhitespaceCode(text.charCodeAt(next))) next++;
    // A closing mark set apart by spaces ("…the system. ' The man…", as text rebuilt from tokens has it) ends the
    // sentence with it.
    if (isDetachedClosingMarkCode(text.charCodeAt(next)) && isWhitespaceCode(text.charCodeAt(next + 1))) {
      let after = next + 1;
      while (after < text.length && isWhitespaceCode(text.charCodeAt(after))) after++;
      const capital = text[after] ?? '';
      if (isCapital(capital)) {
        end = next + 1;
        next = after;
      }
    }
    if (next < text.length && isOpeningMarkCode(text.charCodeAt(next))) next++;
    const following = text[next] ?? '';
    if (!isCapital(following)) {
      settled = false;
      at = end - 1;
      continue;
    }
    // The word the stop ends, read past closing marks and a per cent sign: 'said "no".', "(SUV).", "82%.".
    let wordEnd = at;
    while (wordEnd > 0 && isClosingMarkCode(text.charCodeAt(wordEnd - 1))) wordEnd--;
    if (text[wordEnd - 1] === '%') wordEnd--;
    let wordStart = wordEnd;
    while (wordStart > 0 && isLetter(text[wordStart - 1] ?? '')) wordStart--;
    const word = text.slice(wordStart, wordEnd);
    if (code === 46 && end === at + 1 && wordEnd === at && titles.has(word) && text[wordStart - 1] !== '.') {
      at = end - 1;
      continue;
    }
    // "p.m.", "U.S.": a stop right before the word; "J.": an initial; "UK.", "AP.": a short word ending in a capital.
    const plainWord = word.length >= 2 && !abbreviations.has(word) && text[wordStart - 1] !== '.' && (word.length >= 4 || word[word.length - 1] === word[word.length - 1]?.toLowerCase());
    if (!plainWord && !(word === '' && endsNumber(text, wordEnd))) {
      settled = false;
      at = end - 1;
      continue;
    }
    close(end);
    at = end - 1;
  }
  close(text.length);
  return stretches;
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

/** Two pieces of `paragraph` joined as they stand there: "off.'" and "\"" are "off.'\"", not "off.' \"". */
function joinAsWritten(first: string, second: string, paragraph: string): string {
  return paragraph.includes(first + second) ? first + second : `${first} ${second}`;
}

/**
 * Rejoins pieces the splitter leaves alone that cannot be sentences: a lone closing quote mark, an ellipsis,
 * or an attribution tail ("he said.") after a quote that ended in "?" or "!".
 */
function mergeStrandedPieces(sentences: string[], paragraph: string): string[] {
  const merged: string[] = [];
  for (let sentence of sentences) {
    let previous = merged[merged.length - 1];
    // A closing quote mark the splitter left at the start of the next sentence ("…Bel-Air. ' The clip…").
    // Every test below reads the sentence's first character first, so most sentences pass after one look.
    const first = sentence.charCodeAt(0);
    const strayClose = previous !== undefined && isClosingMarkCode(first) ? /^(?:''|["\u201D\u2019'])(?=\s+\S)/.exec(sentence) : null;
    if (strayClose && previous !== undefined) {
      previous = joinAsWritten(previous, strayClose[0], paragraph);
      merged[merged.length - 1] = previous;
      sentence = sentence.slice(strayClose[0].length).trim();
    }
    const opening = sentence.charCodeAt(0);
    const stranded =
      ((isClosingMarkCode(opening) || opening === 0x5d) && /^[\u201D\u2019"')\]]+$/.test(sentence)) ||
      ((opening === 46 || opening === 0x2026) && /^[.\u2026]+$/.test(sentence)) ||
      (previous !== undefined && opening >= 97 && opening <= 122 && /[.?!][\u201D"]$/.test(previous));
    if (stranded && previous !== undefined) merged[merged.length - 1] = joinAsWritten(previous, sentence, paragraph);
    else merged.push(sentence);
  }
  return merged;
}
