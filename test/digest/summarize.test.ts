import { describe, expect, it } from 'vitest';
import { splitParagraphs } from '../../src/digest/sentences.js';
import { sentencesInsideQuotes, standAloneForm, summarize, type CandidateSentence } from '../../src/digest/summarize.js';
import { TermDictionary } from '../../src/digest/term-dictionary.js';

describe('standAloneForm', () => {
  it('keeps a sentence that stands alone, dropping a leading conjunction and a wire dateline', () => {
    expect(standAloneForm('But the council approved the budget for next year on Monday.')).toBe('The council approved the budget for next year on Monday.');
    expect(standAloneForm('( CNN ) Eight border guards have been killed in clashes near the border.')).toBe('Eight border guards have been killed in clashes near the border.');
  });

  it('refuses sentences that need the one before them', () => {
    expect(standAloneForm('He lost his footing and slid sideways into the box.')).toBeNull();
    expect(standAloneForm('However, the plan has not been working for two years.')).toBeNull();
    expect(standAloneForm('The plan is working well for everyone, he said.')).toBeNull();
  });

  it('refuses half quotes and quotes without a named speaker, keeps a quote its speaker closes', () => {
    expect(standAloneForm('“We will stay until the job is done, the minister told reporters in the capital.')).toBeNull();
    expect(standAloneForm('“And we will go on working tomorrow with all of them.”')).toBeNull();
    expect(standAloneForm('“The Hour Record is a holy grail for cyclists,” Wiggins said.')).toBe('“The Hour Record is a holy grail for cyclists,” Wiggins said.');
  });

  it('refuses a single quote left open, not words in single quotes or apostrophes', () => {
    expect(standAloneForm("Accompanied with the caption : 'Excited about my new cool gadget !")).toBeNull();
    expect(standAloneForm('He posted the picture with the caption ‘Excited about my new cool gadget today.')).toBeNull();
    expect(standAloneForm("More sleeping space is provided in the 'aeroloft ' on the top deck of the jet.")).not.toBeNull();
    expect(standAloneForm("The band's 'rock 'n' roll' tour doesn't stop in Paris this year.")).not.toBeNull();
    expect(standAloneForm('The team’s coach said they’d be back in ‘top form’ by the spring.')).not.toBeNull();
  });

  it('keeps a sentence opening with a quoted title, not one opening with an unattributed quote', () => {
    expect(standAloneForm('“Roots,” the epic miniseries about a slave and his descendants, had 100 million viewers in 1977.')).not.toBeNull();
    expect(standAloneForm("`` Roots , '' the epic miniseries about a slave and his descendants , had 100 million viewers .")).not.toBeNull();
    expect(standAloneForm('“Unacceptable,” the minister said of the plan on Monday afternoon.')).toBeNull();
    expect(standAloneForm('“We will not accept this plan at all,” the minister said on Monday.')).toBeNull();
  });

  it('lets a sentence that needs the one before it in when that one comes right before it', () => {
    expect(standAloneForm('They have been placed in Group D alongside Holland and Italy.', false, true)).toBe('They have been placed in Group D alongside Holland and Italy.');
    expect(standAloneForm('Writing in the journal Pediatrics, they said the drugs could be to blame.', false, true)).not.toBeNull();
  });

  it('lets an article open with "This is" (it points at the headline) but not a later sentence', () => {
    expect(standAloneForm('This is the moment a palace guard slipped on a manhole cover.', true)).not.toBeNull();
    expect(standAloneForm('This is the moment a palace guard slipped on a manhole cover.', false)).toBeNull();
  });
});

describe('sentencesInsideQuotes', () => {
  it('marks the sentences of a quotation after its first', () => {
    expect(sentencesInsideQuotes(['“We came.', 'We stayed.', 'We left,” he said.', 'Then it rained.'])).toEqual([false, true, true, false]);
  });
});

describe('summarize', () => {
  const dictionary = new TermDictionary();
  const candidates = (texts: string[]): CandidateSentence[] =>
    texts.map((text, position) => ({ text, articleRank: 0, position, insideQuote: false, terms: dictionary.termIds(text) }));

  it('takes a sentence that leans on the one before it only together with that one, in article order', () => {
    const summary = summarize(
      candidates([
        'England coach John Peacock has named his squad for the European Under-17 Championship in Bulgaria.',
        'They have been placed in Group D alongside Holland, Italy and the Republic of Ireland for the championship.',
        'The squad includes players from Chelsea, Liverpool and Everton among many other clubs.',
      ]),
      { sentences: 2, maxChars: 400 },
    );
    expect(summary).toBe(
      'England coach John Peacock has named his squad for the European Under-17 Championship in Bulgaria. They have been placed in Group D alongside Holland, Italy and the Republic of Ireland for the championship.',
    );
    const withoutPredecessor = summarize(candidates(['They have been placed in Group D alongside Holland and Italy for the championship.', 'The squad includes players from Chelsea, Liverpool and Everton among many other clubs.']).slice(0, 2), { sentences: 1, maxChars: 400 });
    expect(withoutPredecessor).toBe('The squad includes players from Chelsea, Liverpool and Everton among many other clubs.');
  });

  it('passes over a sentence that shares over a third of its terms with one already chosen', () => {
    const texts = [
      'The city council approved a new budget for schools on Monday night.',
      'The council budget gives schools more teachers and smaller classes from September.',
      'Parents welcomed the decision at a packed meeting in the town hall.',
    ];
    const [chosen, restating] = texts.map((text) => new Set(dictionary.termIds(text)));
    const shared = [...(restating ?? [])].filter((term) => chosen?.has(term)).length / (restating?.size ?? 1);
    expect(shared).toBeGreaterThan(0.35);
    expect(shared).toBeLessThan(0.45);
    expect(summarize(candidates(texts), { sentences: 2, maxChars: 400 })).toBe(`${texts[0]} ${texts[2]}`);
  });
});

describe('splitParagraphs', () => {
  it('cuts where a photo caption or "Scroll down for video" was spliced into the text without a stop', () => {
    expect(splitParagraphs(['The owner begins to stroke it with his finger The fish initially moves away before returning.'])).toEqual([
      ['The owner begins to stroke it with his finger', 'The fish initially moves away before returning.'],
    ]);
    expect(splitParagraphs(['A man was hurt. Scroll down for video A car is damaged after a police chase on March 14 A crowd gathered.'])).toEqual([
      ['A man was hurt.', 'Scroll down for video', 'A car is damaged after a police chase on March 14', 'A crowd gathered.'],
    ]);
    expect(splitParagraphs(['Win at West Brom handed them a lifeline But after their revival, Pearson wants focus.'])[0]).toHaveLength(2);
  });

  it('splits at plain stops and not after abbreviations, initials, numbers or a stop right before a capital letter', () => {
    expect(splitParagraphs(['Talks lasted four hours on Sunday. Rubio said more work was needed. “We made progress,” he said.'])).toEqual([
      ['Talks lasted four hours on Sunday.', 'Rubio said more work was needed.', '“We made progress,” he said.'],
    ]);
    expect(splitParagraphs(['Mr. Smith met Sen. Jones in the U.S. on Jan. 5 at 3 p.m. Eastern time. They talked for an hour.'])).toEqual([
      ['Mr. Smith met Sen. Jones in the U.S. on Jan. 5 at 3 p.m. Eastern time.', 'They talked for an hour.'],
    ]);
    expect(splitParagraphs(['Prices rose 3.5 percent in March. Analysts at J. P. Morgan were surprised. “Why?” one asked. Nobody knew.'])).toEqual([
      ['Prices rose 3.5 percent in March.', 'Analysts at J. P. Morgan were surprised.', '“Why?” one asked.', 'Nobody knew.'],
    ]);
  });

  it('does not cut names and terms that hold a capital word', () => {
    for (const sentence of ['The Serie A champions play in Turin on Sunday.', 'He took vitamin A in May and plan B in June.', 'She read The Times on the train.']) {
      expect(splitParagraphs([sentence])).toEqual([[sentence]]);
    }
  });

  it('keeps a paragraph with no stop before its end as one sentence, exactly as written', () => {
    const paragraph = "''Hopefully,'' the president said, ''this museum can help us listen to each other.''";
    expect(splitParagraphs([paragraph, 'Two sentences here. And a second one.'])).toEqual([[paragraph], ['Two sentences here.', 'And a second one.']]);
  });

  it('gives every sentence back exactly as written, closing quote marks included', () => {
    const paragraph = "Democrats seized on the interview on Mr. King's show, ''Politicking.'' Nobody at the U.S. network would say ''what products would you pick?''";
    expect(splitParagraphs([paragraph])).toEqual([
      ["Democrats seized on the interview on Mr. King's show, ''Politicking.''", "Nobody at the U.S. network would say ''what products would you pick?''"],
    ]);
    const nested = 'He recalled, "Out of nowhere, he said, \'If we do nothing, all bets are off.\'" The U.S. team left. Then it rained.';
    for (const sentence of splitParagraphs([nested])[0] ?? []) expect(nested).toContain(sentence);
  });

  it('reads decimal points, times, acronyms and titles as part of the sentence', () => {
    expect(splitParagraphs(['He has been missing since 6.15pm on Tuesday. Police are searching the area.'])).toEqual([
      ['He has been missing since 6.15pm on Tuesday.', 'Police are searching the area.'],
    ]);
    expect(splitParagraphs(['Rep. Jim Clyburn (D-S.C.), the assistant leader, spoke. The U.S.-led force and the U.S. economy, he said, were strong.'])[0]).toEqual([
      'Rep. Jim Clyburn (D-S.C.), the assistant leader, spoke.',
      'The U.S.-led force and the U.S. economy, he said, were strong.',
    ]);
    expect(splitParagraphs(['Dr. Ana Ruiz met Mrs. Lee at 9 a.m. on Friday. They spoke for $1.5 million worth of time.'])[0]).toEqual([
      'Dr. Ana Ruiz met Mrs. Lee at 9 a.m. on Friday.',
      'They spoke for $1.5 million worth of time.',
    ]);
  });

  it('ends a sentence after a number, a per cent sign, a closing mark or a quote mark set apart by spaces', () => {
    expect(splitParagraphs(['He was born in 2012. Sales rose 82%. He spent $5. It was "provoking". The car (SUV). It was the system. \' The man left.'])[0]).toEqual([
      'He was born in 2012.',
      'Sales rose 82%.',
      'He spent $5.',
      'It was "provoking".',
      'The car (SUV).',
      "It was the system. '",
      'The man left.',
    ]);
  });

  it('leaves a stop it cannot settle to the splitter and still splits the rest of the paragraph', () => {
    expect(splitParagraphs(['The vote is on Monday. Officials in the U.S. The talks failed... Then it rained. He left.'])[0]).toEqual([
      'The vote is on Monday.',
      'Officials in the U.S.',
      'The talks failed...',
      'Then it rained.',
      'He left.',
    ]);
  });

  it('gives a closing quote mark left at the start of the next sentence back to the sentence it closes', () => {
    expect(splitParagraphs(["An Oregon couple made a video set to the theme from 'The Fresh Prince of Bel-Air . ' The clip has been viewed over 1.7 million times on YouTube ."])).toEqual([
      ["An Oregon couple made a video set to the theme from 'The Fresh Prince of Bel-Air . '", 'The clip has been viewed over 1.7 million times on YouTube .'],
    ]);
  });
});
