import { describe, expect, it } from 'vitest';
import { stemPorter } from '../../src/eval/porter-stemmer.js';
import { fmeasure, lcsLength, scoreRouge, scoreRougeMulti, tokenizeForRouge } from '../../src/eval/rouge.js';

describe('stemPorter (NLTK default mode)', () => {
  it('matches the stems in NLTK’s own stem doctest', () => {
    const words =
      'caresses flies dies mules denied died agreed owned humbled sized meeting stating siezing itemization sensational traditional reference colonizer plotted';
    expect(words.split(' ').map(stemPorter).join(' ')).toBe(
      'caress fli die mule deni die agre own humbl size meet state siez item sensat tradit refer colon plot',
    );
  });

  it('keeps NLTK’s departures from the published algorithm', () => {
    // Original Porter: enjoi, di, geologi; NLTK keeps y after a vowel, has 4-letter ies and logi rules.
    expect(stemPorter('enjoy')).toBe('enjoy');
    expect(stemPorter('happy')).toBe('happi');
    expect(stemPorter('dies')).toBe('die');
    expect(stemPorter('geology')).toBe('geolog');
    expect(stemPorter('hopefully')).toBe('hope');
    expect(stemPorter('conditional')).toBe('condit');
    expect(stemPorter('generalization')).toBe('gener');
    expect(stemPorter('oed')).toBe('o');
  });

  it('uses the irregular-forms table only for the exact lower-case word', () => {
    expect(stemPorter('dying')).toBe('die');
    expect(stemPorter('skies')).toBe('sky');
    expect(stemPorter('news')).toBe('news');
    expect(stemPorter('News')).toBe('new');
    expect(stemPorter('On')).toBe('on');
  });

  it('applies the paper’s step examples end to end', () => {
    const cases: Record<string, string> = {
      motoring: 'motor',
      sing: 'sing',
      hopping: 'hop',
      falling: 'fall',
      hissing: 'hiss',
      failing: 'fail',
      filing: 'file',
      controll: 'control',
      roll: 'roll',
      rate: 'rate',
      cease: 'ceas',
      adjustment: 'adjust',
      goodness: 'good',
      electrical: 'electr',
      president: 'presid',
      quarter: 'quarter',
    };
    for (const [word, stem] of Object.entries(cases)) expect([word, stemPorter(word)]).toEqual([word, stem]);
  });
});

describe('tokenizeForRouge', () => {
  it('lower-cases, splits on anything outside [a-z0-9] and stems only tokens longer than 3', () => {
    expect(tokenizeForRouge("U.S. President's 3rd-quarter talks, Ukraine-Russia")).toEqual([
      'u',
      's',
      'presid',
      's',
      '3rd',
      'quarter',
      'talk',
      'ukrain',
      'russia',
    ]);
  });

  it('drops characters outside ASCII letters and digits, accents included', () => {
    expect(tokenizeForRouge('Zelensky’s café — £600m')).toEqual(['zelenski', 's', 'caf', '600m']);
  });

  it('leaves tokens unstemmed when asked', () => {
    expect(tokenizeForRouge('Talks were held', false)).toEqual(['talks', 'were', 'held']);
  });
});

describe('scoreRouge', () => {
  it('scores unigrams as rouge-score’s own test does', () => {
    const { rouge1 } = scoreRouge('testing one two', 'testing');
    expect(rouge1.precision).toBeCloseTo(1, 10);
    expect(rouge1.recall).toBeCloseTo(1 / 3, 10);
    expect(rouge1.fmeasure).toBeCloseTo(1 / 2, 10);
  });

  it('scores bigrams and the LCS', () => {
    const scores = scoreRouge('testing one two', 'testing one');
    expect(scores.rouge2).toEqual({ precision: 1, recall: 0.5, fmeasure: 2 / 3 });
    const lcs = scoreRouge('testing one two', 'testing two').rougeL;
    expect(lcs.precision).toBe(1);
    expect(lcs.recall).toBeCloseTo(2 / 3, 10);
    expect(lcs.fmeasure).toBeCloseTo(0.8, 10);
  });

  it('clips repeated n-grams to the reference count', () => {
    const { rouge1, rouge2 } = scoreRouge('the cat the cat', 'the the the the');
    expect(rouge1).toEqual({ precision: 0.5, recall: 0.5, fmeasure: 0.5 });
    // Reference bigrams: "the cat" x2, "cat the" x1; prediction: "the the" x3 → nothing in common.
    expect(rouge2).toEqual({ precision: 0, recall: 0, fmeasure: 0 });
  });

  it('scores a hand-worked news example', () => {
    // Reference tokens: rubio met putin in moscow on sunday (7); prediction: rubio and witkoff met putin sunday (6).
    // Unigram overlap 4 (rubio met putin sunday): P 4/6, R 4/7. Bigram overlap 1 (met putin): P 1/5, R 1/6.
    // LCS rubio met putin sunday = 4.
    const scores = scoreRouge('Rubio met Putin in Moscow on Sunday.', 'Rubio and Witkoff met Putin Sunday');
    expect(scores.rouge1.fmeasure).toBeCloseTo(fmeasure(4 / 6, 4 / 7), 12);
    expect(scores.rouge2.fmeasure).toBeCloseTo(fmeasure(1 / 5, 1 / 6), 12);
    expect(scores.rougeL.fmeasure).toBeCloseTo(fmeasure(4 / 6, 4 / 7), 12);
  });

  it('gives zeros for an empty side, as rouge-score does', () => {
    for (const scores of [scoreRouge('testing one two', ''), scoreRouge('', 'w1'), scoreRouge('w1 w2', '/')]) {
      expect([scores.rouge1.fmeasure, scores.rouge2.fmeasure, scores.rougeL.fmeasure]).toEqual([0, 0, 0]);
    }
  });

  it('computes LCS lengths on rouge-score’s table example', () => {
    expect(lcsLength(['1', '2', '3', '4', '5'], ['2', '5', '3', '4'])).toBe(3);
    expect(lcsLength(['1', '2'], ['8', '9'])).toBe(0);
  });
});

describe('scoreRougeMulti', () => {
  it('keeps, per metric, the reference with the best F1', () => {
    const scores = scoreRougeMulti(['alpha beta gamma delta', 'alpha beta'], 'alpha beta');
    expect(scores.rouge1.fmeasure).toBe(1);
    expect(scores.rouge2.fmeasure).toBe(1);
  });

  it('can take different references for different metrics', () => {
    // Ref A shares 3 unigrams in a scrambled order; ref B shares 2 in order.
    const scores = scoreRougeMulti(['c b a x', 'a b y z'], 'a b c');
    expect(scores.rouge1.fmeasure).toBeCloseTo(fmeasure(3 / 3, 3 / 4), 12);
    expect(scores.rouge2.fmeasure).toBeCloseTo(fmeasure(1 / 2, 1 / 3), 12);
  });

  it('refuses an empty reference list', () => {
    expect(() => scoreRougeMulti([], 'a')).toThrow(/at least one reference/);
  });
});
