import { describe, expect, it } from 'vitest';
import { findDirectQuotes } from '../../src/digest/quotes.js';

function speakers(text: string) {
  return findDirectQuotes(text).map((quote) => [quote.text, quote.speaker, quote.role]);
}

describe('findDirectQuotes', () => {
  it('reads the attribution after the quote, both word orders, with the role from the text', () => {
    const text =
      'Kremlin spokesman Dmitry Peskov spoke on Sunday.\n“The meeting will take place before Thursday,” Peskov said.\n"We are ready to talk about everything," said Kremlin spokesman Dmitry Peskov.';
    expect(speakers(text)).toEqual([
      ['The meeting will take place before Thursday.', 'Dmitry Peskov', 'Kremlin spokesman'],
      ['We are ready to talk about everything.', 'Dmitry Peskov', 'Kremlin spokesman'],
    ]);
  });

  it('reads attributions before the quote: a colon, "according to", reported speech', () => {
    const text =
      'Council leader Priya Natarajan said: “Nobody wants to close the bridge.”\nAccording to engineer Tom Reyes, “two bearings had failed completely.”\nMayor Ana Silva called the plan “a disaster for the whole town centre.”';
    expect(speakers(text).map(([, speaker]) => speaker)).toEqual(['Priya Natarajan', 'Tom Reyes', 'Ana Silva']);
  });

  it('does not take the next sentence\'s "X said" for the speaker of a quote that ended the sentence before it', () => {
    const text = 'Mayor Ana Silva called the plan “a disaster for the whole town centre.” Governor Tom Hart said he would sign it anyway.';
    expect(speakers(text).map(([, speaker]) => speaker)).toEqual(['Ana Silva']);
    // A quote that is its own sentence still takes the attribution that follows it.
    expect(speakers('“We will sign it anyway,” Governor Tom Hart said.').map(([, speaker]) => speaker)).toEqual(['Tom Hart']);
  });

  it('reads a role with digits and stops a speaker at the end of its sentence', () => {
    expect(speakers('“They are 100 percent wrong,” said 9/11 widow Terry Strada.').map(([, speaker]) => speaker)).toEqual(['Terry Strada']);
    const poll = 'Clinton leads by five points. This is “roughly the same advantage she has held all month,” reported Reuters. Another 19 percent said they would pick neither.';
    expect(speakers(poll).map(([, speaker]) => speaker)).toEqual(['Reuters']);
    expect(speakers('“We will appeal the ruling,” said Gov. Jerry Brown. Lawmakers met on Monday.').map(([, speaker]) => speaker)).toEqual(['Jerry Brown']);
  });

  it('joins a quote split by "he said" and resolves the pronoun to the last named subject', () => {
    const text = 'Secretary of State Marco Rubio met Ukrainian officials.\n“We came to listen,” he said. “We will come back.”';
    expect(findDirectQuotes(text)).toEqual([
      expect.objectContaining({ text: 'We came to listen. We will come back.', speaker: 'Marco Rubio', role: 'Secretary of State' }),
    ]);
  });

  it('does not join two quotes when more than a bare attribution stands between them', () => {
    const text = '"We need change," Senator Jane Doe said, arguing that she will bring a "common-sense" approach.';
    expect(findDirectQuotes(text).map((quote) => quote.text)).toEqual(['We need change.', 'common-sense']);
  });

  it('carries a quote across paragraphs when the next one reopens it, and gives a following quote paragraph the same speaker', () => {
    const text = '“The first part of the quote runs on,\n“and the second part ends here,” Umerov said.\n“A further thought follows.”';
    const quotes = findDirectQuotes(text);
    expect(quotes.map((quote) => [quote.text.slice(0, 20), quote.speaker])).toEqual([
      ['The first part of th', 'Umerov'],
      ['A further thought fo', 'Umerov'],
    ]);
    expect(text.slice(quotes[0]?.start, quotes[0]?.end)).toContain('\n');
  });

  it('binds a dash attribution to the quote it follows', () => {
    const text = '“He can’t even answer a question.” ― Esther Tapia “A real disgrace for the country.” ― Azucena Gonzalez';
    expect(speakers(text).map(([, speaker]) => speaker)).toEqual(['Esther Tapia', 'Azucena Gonzalez']);
  });

  it('finds straight and curly quotes with their character spans', () => {
    const text = 'He called it "a mistake" and later a “serious error of judgment.”';
    expect(findDirectQuotes(text).map((quote) => text.slice(quote.start, quote.end))).toEqual(['"a mistake"', '“serious error of judgment.”']);
  });
});

describe('quotes over paragraphs', () => {
  it('reads a quote that runs over two paragraphs as one text, without the break or the reopening mark', () => {
    const text = 'Rubio said: “We came here to work.\n“And we will keep working tomorrow.”';
    expect(findDirectQuotes(text).map((quote) => [quote.text, quote.speaker])).toEqual([['We came here to work. And we will keep working tomorrow.', 'Rubio']]);
  });
});
