import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { isSentenceStopCode, isWhitespaceCode } from './text.js';
// Only sentence boundaries are needed; the POS and NER passes would double the cost for nothing we use.
const nlp = winkNLP(model, ['sbd']);
/** A full stop, question or exclamation mark, or ellipsis that is not the paragraph's closing one. */
const stopBeforeTheEnd = /[.!?\u2026](?![.!?\u2026"'\u201D\u2019)\]]*$)/;
/** Splits one paragraph into sentences (wink-nlp's boundary detection, which knows "U.S." and "Mr."). */
export function splitParagraph(paragraph) {
    return splitParagraphs([paragraph])[0] ?? [];
}
/**
 * Splits paragraphs into sentences in one pass of the tokenizer (one document per article is much cheaper than
 * one per paragraph); a line break always ends a sentence, so every sentence stays in its paragraph.
 */
export function splitParagraphs(paragraphs) {
    const result = paragraphs.map(() => []);
    const flattened = paragraphs.map((paragraph) => (paragraph.includes('\n') ? paragraph.replace(/\s*\n\s*/g, ' ') : paragraph).trim());
    // A paragraph with no stop but the one that ends it is one sentence as it stands; only the rest go to the
    // splitter (news has many one-sentence paragraphs, and the splitter is the costliest step of the digest).
    const toSplit = [];
    flattened.forEach((text, index) => {
        if (text === '')
            return;
        if (!stopBeforeTheEnd.test(text)) {
            result[index] = [text];
            return;
        }
        const plain = splitAtPlainStops(text);
        if (plain)
            result[index] = plain;
        else
            toSplit.push(index);
    });
    const joined = toSplit.map((index) => flattened[index]).join('\n');
    if (joined !== '')
        splitInto(result, joined, toSplit);
    return result.map((sentences) => mergeStrandedPieces(sentences).flatMap(splitAtMissingStops));
}
/** Words that end in a full stop without ending the sentence: titles, months, states, "No.", "etc.". */
const abbreviations = new Set([
    'Mr', 'Mrs', 'Ms', 'Messrs', 'Dr', 'Prof', 'Rev', 'Hon', 'Sen', 'Gov', 'Rep', 'Pres', 'Gen', 'Col', 'Capt', 'Lt', 'Sgt', 'Cpl',
    'Pvt', 'Adm', 'Maj', 'Cmdr', 'Det', 'Insp', 'Supt', 'Jr', 'Sr', 'Esq', 'St', 'Ft', 'Mt', 'Ave', 'Blvd', 'Rd', 'Jan', 'Feb',
    'Mar', 'Apr', 'Jun', 'Jul', 'Aug', 'Sep', 'Sept', 'Oct', 'Nov', 'Dec', 'Inc', 'Corp', 'Ltd', 'Co', 'Bros', 'Dept', 'Govt',
    'Assn', 'Univ', 'Calif', 'Mass', 'Conn', 'Wash', 'Tenn', 'Okla', 'Minn', 'Colo', 'Mich', 'Ariz', 'Penn', 'Fla', 'Ga', 'Ill',
    'Ind', 'Wis', 'Wisc', 'No', 'Nos', 'Vol', 'Fig', 'Ph', 'vs', 'etc', 'approx', 'est', 'al', 'cf', 'ca', 'viz',
]);
function isClosingMarkCode(code) {
    return code === 34 || code === 39 || code === 0x201d || code === 0x2019 || code === 41; // " ' ” ’ )
}
function isOpeningMarkCode(code) {
    return code === 34 || code === 39 || code === 0x201c || code === 0x2018 || code === 40; // " ' “ ‘ (
}
function isLetter(char) {
    return char.toLowerCase() !== char.toUpperCase();
}
/**
 * Splits a paragraph whose every stop plainly ends a sentence: it follows a word (not an abbreviation, not an
 * initial) and is followed by a space and a capital. Such paragraphs are most of news text, and this reads them
 * without the splitter; null leaves the paragraph to the splitter (a number like 3.5, "U.S.", "Mr.", an ellipsis).
 */
function splitAtPlainStops(text) {
    const sentences = [];
    let sentenceStart = 0;
    for (let at = 0; at < text.length; at++) {
        const code = text.charCodeAt(at);
        if (code === 0x2026)
            return null;
        if (!isSentenceStopCode(code))
            continue;
        let next = at + 1;
        while (next < text.length && (isClosingMarkCode(text.charCodeAt(next)) || isSentenceStopCode(text.charCodeAt(next))))
            next++;
        if (next >= text.length)
            break;
        if (!isWhitespaceCode(text.charCodeAt(next)))
            return null;
        const end = next;
        while (next < text.length && isWhitespaceCode(text.charCodeAt(next)))
            next++;
        if (next < text.length && isOpeningMarkCode(text.charCodeAt(next)))
            next++;
        const following = text[next] ?? '';
        if (following === following.toLowerCase() || following !== following.toUpperCase())
            return null;
        let wordStart = at;
        while (wordStart > 0 && isLetter(text[wordStart - 1] ?? ''))
            wordStart--;
        const word = text.slice(wordStart, at);
        // "p.m.", "U.S.": a stop right before the word; "J.": an initial; "UK.", "AP.": a short word ending in a capital.
        if (word.length < 2 || abbreviations.has(word) || text[wordStart - 1] === '.')
            return null;
        if (word.length < 4 && word[word.length - 1] !== word[word.length - 1]?.toLowerCase())
            return null;
        sentences.push(text.slice(sentenceStart, end).trim());
        sentenceStart = end;
        at = end - 1;
    }
    sentences.push(text.slice(sentenceStart).trim());
    return sentences;
}
/** Runs the splitter over the joined paragraphs and files each sentence under its paragraph's index. */
function splitInto(result, joined, toSplit) {
    let cursor = 0;
    let paragraphIndex = 0;
    const add = (piece) => {
        const trimmed = piece.trim();
        if (trimmed !== '')
            result[toSplit[paragraphIndex] ?? -1]?.push(trimmed);
    };
    for (const text of nlp.readDoc(joined).sentences().out()) {
        const at = joined.indexOf(text, cursor);
        const start = at >= 0 ? at : cursor;
        for (let i = joined.indexOf('\n', cursor); i >= 0 && i < start; i = joined.indexOf('\n', i + 1))
            paragraphIndex++;
        if (text.includes('\n')) {
            text.split('\n').forEach((piece, pieceIndex) => {
                if (pieceIndex > 0)
                    paragraphIndex++;
                add(piece);
            });
        }
        else {
            add(text);
        }
        cursor = at >= 0 ? at + text.length : cursor;
    }
}
/**
 * Where a stop went missing: a word, then a capitalised pronoun or article opening a clause ("…with his finger The
 * fish moves…", "…West Brom But after…"). Online news splices photo captions and "Scroll down for video" into the
 * text like this; the splitter cannot see the seam, and the joined sentence reads as nonsense.
 */
const missingStop = / (?=(?:The|But|He|She|They|It|This|His|Her|Their|However|Meanwhile|In) \p{Ll})(?<=[\p{L}\d] )|(?<=(?:^|\s)(?:\p{Ll}[\p{L}'-]*|\d+)) (?=An? (?!(?:on|in|at|of|and|or|to|is|was|for)\b)\p{Ll})|(?<=\bScroll down for (?:video|more)) (?=\p{Lu})/gu;
/** What every missing stop holds, found without look-behinds: most sentences are let go after this test alone. */
const missingStopHint = / (?:The|But|He|She|They|It|This|His|Her|Their|However|Meanwhile|In|An?) \p{Ll}|Scroll down/u;
/** Cuts a sentence at each missing stop; the pieces keep their text, so a piece without its stop reads as unfinished. */
function splitAtMissingStops(sentence) {
    if (!missingStopHint.test(sentence))
        return [sentence];
    return sentence.split(missingStop).filter((piece) => piece.trim() !== '');
}
/** Splits text into sentences, treating every line as a paragraph boundary. */
export function splitSentences(text) {
    return splitParagraphs(text.split(/\n/)).flat();
}
/**
 * Rejoins pieces the splitter leaves alone that cannot be sentences: a lone closing quote mark, an ellipsis,
 * or an attribution tail ("he said.") after a quote that ended in "?" or "!".
 */
function mergeStrandedPieces(sentences) {
    const merged = [];
    for (let sentence of sentences) {
        let previous = merged[merged.length - 1];
        // A closing quote mark the splitter left at the start of the next sentence ("…Bel-Air. ' The clip…").
        const strayClose = previous !== undefined ? /^(?:''|["\u201D\u2019'])(?=\s+\S)/.exec(sentence) : null;
        if (strayClose && previous !== undefined) {
            previous = `${previous} ${strayClose[0]}`;
            merged[merged.length - 1] = previous;
            sentence = sentence.slice(strayClose[0].length).trim();
        }
        const stranded = /^[\u201D\u2019"')\]]+$/.test(sentence) ||
            /^[.\u2026]+$/.test(sentence) ||
            (previous !== undefined && /[.?!][\u201D"]$/.test(previous) && /^[a-z]/.test(sentence));
        if (stranded && previous !== undefined)
            merged[merged.length - 1] = `${previous} ${sentence}`;
        else
            merged.push(sentence);
    }
    return merged;
}
//# sourceMappingURL=sentences.js.map