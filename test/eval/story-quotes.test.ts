import { describe, expect, it } from 'vitest';
import { parseStoryQuoteGold, sameSpeakerName, sameUnnamedSpeaker, scoreStoryQuotes } from '../../src/eval/story-quotes.js';
import { EvalInputError } from '../../src/eval/records.js';

const gold = JSON.stringify({
  quotes: [
    { file: 'a.md', quote: 'We will meet again', speaker: 'Marco Rubio', role: 'Secretary of State', speaker_named: true },
    { file: 'a.md', quote: 'The talks are over', speaker: 'Sergei Lavrov', role: null, speaker_named: true },
    { file: 'a.md', quote: 'Markets closed lower', speaker: 'Reuters', role: null, speaker_named: false },
    { file: 'b.md', quote: 'Not in the text', speaker: 'Nobody Here', role: null, speaker_named: true },
  ],
});

describe('folder-format quote scoring', () => {
  it('locates gold quotes by their words and scores named speakers by full name and by surname', () => {
    const text = '"We will meet again soon," said Marco Rubio. "The talks are over," Lavrov said. "Markets closed lower," Reuters reported.';
    const byFile = parseStoryQuoteGold(gold, 'gold.json');
    const found = [
      { start: 0, end: 27, speaker: 'Marco Rubio' },
      { start: 45, end: 66, speaker: 'Lavrov.' },
    ];
    const { scores, errors } = scoreStoryQuotes([
      { id: 'a.md', text, gold: byFile.get('a.md') ?? [], found },
      { id: 'b.md', text: 'Nothing quoted.', gold: byFile.get('b.md') ?? [], found: [] },
    ]);
    expect(scores).toMatchObject({ gold: 4, located: 3, matched: 2, namedEligible: 2, namedExact: 1, namedSurname: 2 });
    expect(errors.map((error) => [error.kind, error.quote])).toEqual([
      ['wrong-speaker', 'The talks are over'],
      ['missed', 'Markets closed lower'],
    ]);
  });

  it('wants the name as written: no role glued on, no trailing stop', () => {
    expect(sameSpeakerName('Ousmane Dembélé', 'Ousmane Dembélé')).toBe(true);
    expect(sameSpeakerName('the Dalai Lama', 'Dalai Lama')).toBe(true);
    expect(sameSpeakerName('Dembélé.', 'Ousmane Dembélé')).toBe(false);
    expect(sameSpeakerName('Thai Prime Minister Anutin', 'Anutin Charnvirakul')).toBe(false);
  });

  it('scores quotes of no named person apart: the found speaker must share a word with the gold one', () => {
    expect(sameUnnamedSpeaker('the ECB', 'European Central Bank (ECB)')).toBe(true);
    expect(sameUnnamedSpeaker('Morgan Stanley', 'Economists at Morgan Stanley')).toBe(true);
    expect(sameUnnamedSpeaker('Richard Binzel', 'NASA')).toBe(false);
    expect(sameUnnamedSpeaker('the statement', 'a statement of the Ministry of Defence')).toBe(true);
    expect(sameUnnamedSpeaker(null, 'an official')).toBe(false);
    const text = '"Markets closed lower," Reuters reported. "Rates will stay," the Mt Everest office said.';
    const byFile = parseStoryQuoteGold(JSON.stringify({ quotes: [
      { file: 'c.md', quote: 'Markets closed lower', speaker: 'Reuters', role: null, speaker_named: false },
      { file: 'c.md', quote: 'Rates will stay', speaker: 'the central bank', role: null, speaker_named: false },
    ] }), 'gold.json');
    const { scores, errors } = scoreStoryQuotes([{ id: 'c.md', text, gold: byFile.get('c.md') ?? [], found: [{ start: 0, end: 23, speaker: 'Reuters' }, { start: 42, end: 60, speaker: 'Mt Everest' }] }]);
    expect(scores).toMatchObject({ namedEligible: 0, unnamedEligible: 2, unnamedRight: 1, unnamedAccuracy: 0.5 });
    expect(errors.map((error) => [error.goldSpeaker, error.foundSpeaker])).toEqual([['the central bank', 'Mt Everest']]);
  });

  it('names the gold file and the bad field', () => {
    expect(() => parseStoryQuoteGold('{"quotes":[{"file":"a.md"}]}', 'gold.json')).toThrow(EvalInputError);
    expect(() => parseStoryQuoteGold('not json', 'gold.json')).toThrow(/gold.json: not JSON/);
  });
});
