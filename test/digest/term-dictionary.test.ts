import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TermDictionary } from '../../src/digest/term-dictionary.js';
import { contentTerms, stem } from '../../src/digest/text.js';

const fixtures = path.join(import.meta.dirname, '..', 'fixtures', 'seed-story');
const seedTexts = readdirSync(fixtures).map((file) => readFileSync(path.join(fixtures, file), 'utf8'));

const awkward = [
  "Rock'n'roll isn’t dead: O’Neill's 3rd-year x'ab9 U.S. talks—“we’ll see” — 2025's ‘plan’ 'quoted' don't",
  'Ελληνικά και Русский текст, Ärger über Öl; İstanbul’s mayor; ĞÜŞ 10,000 people; e-mail ab1c2 a1 9',
  "Jean-Pierre O'Brien met Putin's envoy. The  Kremlin's ×Tv Çelik ÷ab Dmitry Peskov’s aide\nSaid Witkoff",
  "ends with apostrophe' and 'starts, trailing’ ’ '' x",
];

/** The name boost as it was first written: a capitalised word after whitespace, stemmed in lower case. */
function namesByPattern(text: string, dictionary: TermDictionary): number[] {
  const ids: number[] = [];
  for (const match of text.matchAll(/\s([A-Z\u00C0-\u00DE][a-z\u00DF-\u00FF][A-Za-z\u00C0-\u00FF'\u2019-]*)/g)) {
    const id = dictionary.find(stem((match[1] ?? '').toLowerCase()));
    if (id >= 0) ids.push(id);
  }
  return ids;
}

describe('TermDictionary', () => {
  it('reads exactly the terms of contentTerms, with one id per term', () => {
    const dictionary = new TermDictionary();
    for (const text of [...seedTexts, ...awkward, ...awkward]) {
      const terms = contentTerms(text);
      expect(dictionary.termIds(text)).toEqual(terms.map((term) => dictionary.find(term)));
      expect(terms.every((term) => dictionary.find(term) >= 0)).toBe(true);
    }
    expect(dictionary.termIds("O’Neill O'Neill")).toEqual([dictionary.find("o'neill"), dictionary.find("o'neill")]);
    expect(dictionary.find("o'neill")).toBeGreaterThanOrEqual(0);
  });

  it('finds the capitalised words the name boost reads, as the pattern does', () => {
    const dictionary = new TermDictionary();
    for (const text of [...seedTexts, ...awkward]) dictionary.termIds(text);
    for (const text of [...seedTexts, ...awkward, ...awkward]) expect(dictionary.nameIds(text)).toEqual(namesByPattern(text, dictionary));
    expect(dictionary.nameIds(' Putin’s')).toEqual([]);
    expect(dictionary.nameIds(" Putin's envoy")).toEqual([dictionary.find('putin')]);
  });

  it('keeps its answers as its tables grow past their first size', () => {
    const dictionary = new TermDictionary();
    const many = Array.from({ length: 20_000 }, (_, index) => `word${index}`).join(' ');
    const first = dictionary.termIds(many);
    expect(new Set(first).size).toBe(20_000);
    expect(dictionary.termIds(many)).toEqual(first);
  });
});
