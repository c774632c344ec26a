/**
 * Numbers the content terms of one digest build. Articles keep their terms as small integers rather than
 * strings: at 10,000 articles the strings of every sentence's terms filled hundreds of megabytes that the
 * garbage collector walked again and again.
 *
 * Reading terms is the one step that touches every character of every article besides the sentence splitter,
 * so it scans the text itself: a word is hashed as it is read and looked up in place, and only a word never
 * seen before is copied out, stemmed and given its term. The words found are exactly those of `words()` and the
 * terms those of `contentTerms()` (text.ts); the tests hold the two to that.
 */
import { FNV_OFFSET_BASIS, fnv1aStep, stem, termOfWord } from './text.js';

const APOSTROPHE = 39;
const CURLY_APOSTROPHE = 0x2019;

/** A letter of `words()`'s pattern: a-z and the Latin, Greek and Cyrillic blocks (the text is lower-cased first). */
function isLetter(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 0xc0 && code <= 0x24f) || (code >= 0x370 && code <= 0x3ff) || (code >= 0x400 && code <= 0x4ff);
}

function isWordCharacter(code: number): boolean {
  return isLetter(code) || (code >= 48 && code <= 57);
}

/** Where a capitalised word starts after whitespace (its capital and a lower-case letter), as the name boost reads names. */
const nameStart = /\s[A-Z\u00C0-\u00DE][a-z\u00DF-\u00FF]/g;

/** The letters after a name's first two. */
function isNameRest(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 0xc0 && code <= 0xff) || code === APOSTROPHE || code === CURLY_APOSTROPHE || code === 45;
}


/** Open-addressing table from stretches of text to numbers, compared in place (curly apostrophes as straight ones when asked). */
class StretchTable {
  private readonly keys: string[] = [];
  private readonly values: number[] = [];
  private readonly hashes: number[] = [];
  private slots = new Int32Array(1 << 12).fill(-1);

  constructor(private readonly foldApostrophes: boolean) {}

  get(text: string, start: number, end: number, hash: number): number | undefined {
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot] ?? -1;
      if (entry < 0) return undefined;
      if (this.hashes[entry] === hash && this.sameKey(this.keys[entry] ?? '', text, start, end)) return this.values[entry];
    }
  }

  set(key: string, hash: number, value: number): void {
    if ((this.keys.length + 1) * 2 > this.slots.length) this.grow();
    this.place(this.keys.length, hash);
    this.keys.push(key);
    this.values.push(value);
    this.hashes.push(hash);
  }

  private sameKey(key: string, text: string, start: number, end: number): boolean {
    if (key.length !== end - start) return false;
    for (let i = 0; i < key.length; i++) {
      let code = text.charCodeAt(start + i);
      if (this.foldApostrophes && code === CURLY_APOSTROPHE) code = APOSTROPHE;
      if (code !== key.charCodeAt(i)) return false;
    }
    return true;
  }

  private place(entry: number, hash: number): void {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while ((this.slots[slot] ?? -1) >= 0) slot = (slot + 1) & mask;
    this.slots[slot] = entry;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    for (let entry = 0; entry < this.keys.length; entry++) this.place(entry, this.hashes[entry] ?? 0);
  }
}

export class TermDictionary {
  private readonly ids = new Map<string, number>();
  /** Each lower-cased word met, with its term's id or -1 (a stopword or a scrap). */
  private readonly words = new StretchTable(true);
  /** Each capitalised word met, with its stem's index in `nameStems`. */
  private readonly names = new StretchTable(false);
  private readonly nameStems: string[] = [];
  /** The term id of each name stem once it has one (an id never changes; -1 until the stem is a term). */
  private readonly nameTermIds: number[] = [];

  /** The id of `term`, given one if it has none yet. */
  id(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(term, id);
    }
    return id;
  }

  /** How many terms have an id: every id given is below this. */
  get size(): number {
    return this.ids.size;
  }

  /** The id of `term`, or -1 when no text of this build has used it. */
  find(term: string): number {
    return this.ids.get(term) ?? -1;
  }

  /** The ids of `text`'s content terms, in text order: the terms of contentTerms(text). */
  termIds(text: string): number[] {
    const lower = text.toLowerCase();
    const ids: number[] = [];
    const length = lower.length;
    let at = 0;
    while (at < length) {
      let code = lower.charCodeAt(at);
      if (!isWordCharacter(code)) {
        at++;
        continue;
      }
      // The pattern of words(): word characters, then any number of apostrophe-and-letters runs.
      const start = at;
      let hash = FNV_OFFSET_BASIS;
      while (at < length && isWordCharacter((code = lower.charCodeAt(at)))) {
        hash = fnv1aStep(hash, code);
        at++;
      }
      while (at + 1 < length) {
        const mark = lower.charCodeAt(at);
        if ((mark !== APOSTROPHE && mark !== CURLY_APOSTROPHE) || !isLetter(lower.charCodeAt(at + 1))) break;
        hash = fnv1aStep(hash, APOSTROPHE);
        at++;
        while (at < length && isLetter((code = lower.charCodeAt(at)))) {
          hash = fnv1aStep(hash, code);
          at++;
        }
      }
      let id = this.words.get(lower, start, at, hash);
      if (id === undefined) {
        const word = lower.slice(start, at).replace(/\u2019/g, "'");
        const term = termOfWord(word);
        id = term === null ? -1 : this.id(term);
        this.words.set(word, hash, id);
      }
      if (id >= 0) ids.push(id);
    }
    return ids;
  }

  /**
   * The ids of the capitalised words inside `text` (after a space: not a paragraph's first word) whose stem is
   * a term of this build ("Putin's" → "putin"), one per occurrence.
   */
  nameIds(text: string): number[] {
    const ids: number[] = [];
    const length = text.length;
    // A regular expression finds where names may start far faster than a loop over every character.
    const starts = nameStart;
    starts.lastIndex = 0;
    for (let found = starts.exec(text); found !== null; found = starts.exec(text)) {
      const start = found.index + 1;
      let at = start + 2;
      let hash = fnv1aStep(fnv1aStep(FNV_OFFSET_BASIS, text.charCodeAt(start)), text.charCodeAt(start + 1));
      let code = 0;
      while (at < length && isNameRest((code = text.charCodeAt(at)))) {
        hash = fnv1aStep(hash, code);
        at++;
      }
      starts.lastIndex = at;
      let stemIndex = this.names.get(text, start, at, hash);
      if (stemIndex === undefined) {
        const name = text.slice(start, at);
        stemIndex = this.nameStems.length;
        this.nameStems.push(stem(name.toLowerCase()));
        this.nameTermIds.push(-1);
        this.names.set(name, hash, stemIndex);
      }
      let id = this.nameTermIds[stemIndex] ?? -1;
      if (id < 0) {
        id = this.find(this.nameStems[stemIndex] ?? '');
        this.nameTermIds[stemIndex] = id;
      }
      if (id >= 0) ids.push(id);
    }
    return ids;
  }
}
