import { describe, expect, it } from 'vitest';
import { findDirectQuotes, indexPeople } from '../../src/digest/quotes.js';

/** Who each quote in `text` is given to, and with what role, as the digest would show them. */
function speakers(text: string, headlines: string[] = []): Array<[string | null, string | null]> {
  return findDirectQuotes(text, indexPeople([text], headlines)).map((quote) => [quote.speaker, quote.role]);
}

describe('speakers are people or organisations the text names, never a phrase', () => {
  it('does not take a sentence opener for a name ("Hammering Hillary Clinton", "When", "Neither Rubio")', () => {
    expect(speakers('Hammering Hillary Clinton on trade, Donald Trump said: "She has been wrong on this for thirty years."')).toEqual([['Donald Trump', null]]);
    expect(speakers('When asked about the deal, Marco Rubio said: "It is a good deal for everyone here."')).toEqual([['Marco Rubio', null]]);
    expect(speakers('Neither Rubio nor Lavrov took questions. "We will meet again in Geneva next week," said Secretary of State Marco Rubio.')).toEqual([
      ['Marco Rubio', 'Secretary of State'],
    ]);
  });

  it('reads "the top US diplomat" back to the person, and keeps "Trump and" out of the name and role', () => {
    expect(speakers('Secretary of State Marco Rubio flew to Riyadh. "The talks were useful and frank," the top US diplomat said.')).toEqual([
      ['Marco Rubio', 'Secretary of State'],
    ]);
    expect(speakers('Trump and Vice President JD Vance have met Zelensky. "We want peace and we want it now," Vance said.')).toEqual([['JD Vance', 'Vice President']]);
  });

  it('never gives a quote to a place or an organisation named near it', () => {
    expect(speakers('Floods hit the town on Monday. "The water came up in minutes," said a resident of Black River.')).toEqual([['a resident of Black River', null]]);
    expect(speakers('Typhoon Kalmaegi left the Philippines overnight.\n"We were lucky this time," he said.')).toEqual([[null, null]]);
    expect(speakers('From the Rose Garden, Trump spoke for an hour. "We are bringing industry roaring back," he said.')).toEqual([['Trump', null]]);
  });

  it('gives the quote to the person the outlet reports, not to the outlet', () => {
    expect(speakers('The Wall Street Journal reported that Elon Musk told staff: "We will ship the car next year no matter what."')).toEqual([['Elon Musk', null]]);
    expect(speakers('IRNA confirmed the attacks early Sunday, quoting provincial official Morteza Heidari: "Part of the site was attacked by enemy airstrikes."')).toEqual([
      ['Morteza Heidari', 'official'],
    ]);
  });

  it('gives a statement\'s words to whoever issued it, never to the statement, a phrase or a place', () => {
    const bank = 'US President Donald Trump\'s tariffs added to volatility.\n"We will follow a data-dependent approach," a statement from the central bank said on Thursday.';
    expect(speakers(bank)).toEqual([['the central bank', null]]);
    expect(speakers('SpaceX in a statement said, "The vehicle experienced a rapid unscheduled disassembly."')).toEqual([['SpaceX', null]]);
    expect(speakers('"Nine sites have been targeted in all," said the MoD.')).toEqual([['the MoD', null]]);
    expect(speakers('"Starship experienced a rapid unscheduled disassembly," said SpaceX via X.')).toEqual([['SpaceX', null]]);
    expect(speakers('Putin spoke to Trump. It was announced that Russia will present a memorandum "on a possible future peace treaty."')).toEqual([[null, null]]);
    expect(speakers('The epicentre was 50 miles north of Mt Everest.\n"Many buildings near the epicentre have collapsed."')).toEqual([[null, null]]);
  });

  it('reads "they" as a group, never as the last person named', () => {
    const text = 'South Korean investigators arrested President Yoon Suk Yeol. They later said he exercised "his right to remain silent" during questioning.';
    expect(speakers(text)).toEqual([[null, null]]);
  });

  it('keeps the full name, with the role apart ("Luiz Inácio Lula da Silva", not "Delhi Police Commissioner Satish")', () => {
    expect(speakers('"We need calm and we need it now," said Brazilian President Luiz Inácio Lula da Silva.')).toEqual([['Luiz Inácio Lula da Silva', 'Brazilian President']]);
    expect(speakers('"Three suspects have been arrested overnight," said Delhi Police Commissioner Satish Golcha.')).toEqual([['Satish Golcha', 'Delhi Police Commissioner']]);
    expect(speakers('"Thailand will respond with firm measures," Thai Prime Minister Anutin Charnvirakul told reporters.')).toEqual([['Anutin Charnvirakul', 'Thai Prime Minister']]);
    expect(speakers('"Once you lose those engines, you lose control," said SpaceX\'s Dan Huot.')).toEqual([['Dan Huot', null]]);
  });

  it('gives a surname the full name the story uses, the headline included, and a family name written first', () => {
    expect(speakers('"We worked a lot to be in this position," Sinner said.', ['Jannik Sinner wins the Australian Open again'])).toEqual([['Jannik Sinner', null]]);
    expect(speakers('Officials named Hong Li as the head of the rescue.\n"The climate is cold at night," Hong said.')).toEqual([['Hong Li', null]]);
    // A headline in Title Case capitalises every word: "Trump Announces" is no name.
    expect(speakers('"We have completed our attack," Trump posted.', ['Trump Announces Strikes On Three Sites'])).toEqual([['Trump', null]]);
  });

  it('gives a surname the full name the text gives most often, a spelled-out first name over an initial', () => {
    const typo = 'Best Actress went to Mikey Madison.\nMilkey Madison thanks the Academy\nIt was Mikey Madison\'s night. "I just want to honour the community," Madison said.';
    expect(speakers(typo)).toEqual([['Mikey Madison', null]]);
    const initial = 'M. Rubio arrived first. M. Rubio sat down. Marco Rubio spoke last. "We are ready for a deal today," Rubio said.';
    expect(speakers(initial)).toEqual([['Marco Rubio', null]]);
  });

  it('reads a bare "the president" back to the person last named when no one is named with that role', () => {
    const text = 'Donald Trump blinked.\nTrump said the walk-back was due to a rush of calls. The president wrote that 75 countries "have called to negotiate a solution."';
    expect(speakers(text)).toEqual([['Donald Trump', null]]);
    // A qualified description says who it is in a way the text does not check: it stays as written.
    const qualified = 'Donald Trump spoke first.\nThe Indiana governor said the media "focus on every tweet he sends."';
    expect(speakers(qualified)).toEqual([['The Indiana governor', null]]);
  });

  it('reads "his rival" back to the person last named as the rival', () => {
    const text = 'Lee Jae-myung beat his conservative rival Kim Moon-soo.\nMeanwhile, his rival, from the former ruling party, declared that he would "humbly accept the people\'s decision" at once.';
    expect(speakers(text)).toEqual([['Kim Moon-soo', null]]);
  });

  it('gives "the statement concluded" to whoever issued the statement quoted just before', () => {
    const text = 'Cardinal Kevin Farrell announced the death.\n"With deep sorrow I must announce the death of our Holy Father," a statement from the camerlengo said.\nFarrell continued, "He taught us to live the values of the Gospel."\n"We commend his soul to the merciful love of God," the statement concluded.';
    expect(speakers(text).map(([speaker]) => speaker)).toEqual(['Kevin Farrell', 'Kevin Farrell', 'Kevin Farrell']);
    // With no statement mentioned before, it stays as written.
    expect(speakers('Farrell spoke first. "We pray for him," Farrell said.\n"The funeral is on Saturday," the statement said.').map(([speaker]) => speaker)).toEqual(['Farrell', 'the statement']);
  });

  it('reads "she" back to a subject named with an appositive, a surname kept to its initial included', () => {
    const text = 'Judge Thierry Donard read the verdict.\nOne of the plaintiffs, Amelie K, a set decorator, told the court the actor had groped her. "He touched everything," she recalled.';
    expect(speakers(text)).toEqual([['Amelie K', null]]);
  });

  it('gives a quote standing alone under "Quote:" to the one the article last reported speaking', () => {
    const text = 'Defence Minister Rustem Umierov has said that the delegations discussed an exchange of prisoners.\nDetails: The parties also raised a ceasefire.\nQuote: "The agenda was to discuss the ceasefire and the exchanges first."';
    expect(speakers(text)).toEqual([['Rustem Umierov', 'Defence Minister']]);
    // Without a report of someone speaking, no one is guessed.
    expect(speakers('Rustem Umierov arrived in Istanbul.\nQuote: "The agenda was to discuss the ceasefire and the exchanges first."')).toEqual([[null, null]]);
  });

  it('reads "he" back to a family name written first that opens the sentence before ("In his speech, Lee urged…")', () => {
    const text = 'Lee Jae-myung has been elected president.\nIn his victory speech, Lee emphasized the need for unity. "We can overcome this difficulty together," he said.';
    expect(speakers(text)).toEqual([['Lee Jae-myung', null]]);
  });

  it('gives a surname two people share to the one named first, not the one named more often', () => {
    const text = 'Sen. Ted Cruz endorsed Trump on Friday. His father Rafael Cruz had long opposed it; Rafael Cruz said so twice.\n"After careful consideration, I will vote for him," Cruz said.';
    expect(speakers(text)).toEqual([['Ted Cruz', null]]);
    // "President-elect" is a title, not a first name.
    expect(speakers('President-elect Trump arrived with his wife. Donald Trump waved. "Good morning," Trump said.')).toEqual([['Donald Trump', null]]);
  });

  it('finds the first name of a surname the text uses alone in a headline written in lower case (a URL slug)', () => {
    const slug = 'Australian open 2025 jannik sinner sinks alexander zverev to script history';
    expect(speakers('"We worked a lot to be in this position," Sinner said after the final.', [slug])).toEqual([['Jannik Sinner', null]]);
    // A title before the surname is no first name, nor is a word the text itself uses ("open" of "Australian Open").
    expect(speakers('"We will respect the ruling," Yoon said.', ['South koreas impeached president yoon arrested over martial law'])).toEqual([['Yoon', null]]);
    expect(speakers('The Australian Open ended. "It was a great fortnight," Open said.', ['Australian open ends in melbourne'])).toEqual([['Open', null]]);
  });

  it("reads a family name against the story's people, the quote's own article first", () => {
    const other = 'Former president Moon Jae-in watched the ruling from home.';
    const own = 'Acting court president Moon Hyung-bae read the verdict.\n"The defendant betrayed the people\'s trust," Moon said.';
    expect(findDirectQuotes(own, indexPeople([other, own])).map((quote) => quote.speaker)).toEqual(['Moon Hyung-bae']);
  });

  it('never ends a speaker with a full stop', () => {
    expect(speakers('The singer did not hold back. "I will never perform in that city again," said Morrissey.')).toEqual([['Morrissey', null]]);
    expect(speakers('"It is magical," added Dembélé. "We have earned this."')).toEqual([['Dembélé', null]]);
  });

  it('gives the quote to the one who says it, not to a name inside it, nor to the previous speaker', () => {
    expect(speakers('"I told Putin that we will never back down," Zelensky said.')).toEqual([['Zelensky', null]]);
    expect(speakers('Kremlin spokesman Dmitry Peskov spoke to reporters. "Macron is right about this one point," he said.')).toEqual([['Dmitry Peskov', 'Kremlin spokesman']]);
    // Only a bare attribution joins two pieces: the second has its own speaker here.
    expect(speakers('"We will meet again in Geneva next week," Rubio said. "The talks are over for now," said Lavrov.').map(([speaker]) => speaker)).toEqual(['Rubio', 'Lavrov']);
    const text = '"We are ready for a deal today," Rubio said. Sergei Lavrov disagreed. "The West is simply not ready for it," he told reporters.';
    expect(speakers(text).map(([speaker]) => speaker)).toEqual(['Rubio', 'Sergei Lavrov']);
  });

  it('takes the attribution nearest the quote and one that closes the sentence', () => {
    const debate = 'When Clinton noted that Trump had paid no federal tax ― Trump boasted, "That makes me smart."';
    expect(speakers(debate).map(([speaker]) => speaker)).toEqual(['Trump']);
    expect(speakers('A cashier who "steals a handful of twenty dollar bills" is held accountable, Warren said.').map(([speaker]) => speaker)).toEqual(['Warren']);
    const fronted = 'With Hillary Clinton struggling to win young voters, President Barack Obama is rolling out a new message: "It is about me."';
    expect(speakers(fronted).map(([speaker]) => speaker)).toEqual(['Barack Obama']);
    const followOn = '"There was screaming and panic," said Fraser Morton, a tourist. "People were running the wrong way down escalators."';
    expect(speakers(followOn).map(([speaker]) => speaker)).toEqual(['Fraser Morton', 'Fraser Morton']);
  });
});

describe('quoted titles are not quotes', () => {
  it('leaves out show and book titles, keeps what people said', () => {
    const text = 'Sanders appeared on NBC\'s "Meet the Press" and "Fox News Sunday" this week. "We will win this fight in the end," he said.';
    expect(findDirectQuotes(text).map((quote) => [quote.text, quote.speaker])).toEqual([['We will win this fight in the end.', 'Sanders']]);
    // A Title Case phrase that is a sentence of its own is still a quote.
    expect(findDirectQuotes('"Make America Great Again," Trump said.').map((quote) => quote.text)).toEqual(['Make America Great Again.']);
  });
});

describe('quotes are shown as written', () => {
  it('keeps every character between the marks; only the closing comma before the attribution becomes a stop', () => {
    const [quote] = findDirectQuotes('"Prices < costs & margins > zero," said the analyst Jane Roe.');
    expect(quote?.text).toBe('Prices < costs & margins > zero.');
    expect(quote?.speaker).toBe('Jane Roe');
  });
});
