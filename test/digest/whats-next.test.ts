import { describe, expect, it } from 'vitest';
import { findUpcomingEvents, readSentenceEvents, type DatedSentence, type EventReading } from '../../src/digest/whats-next.js';

// Sunday 30 November 2025, noon in London.
const sunday = new Date('2025-11-30T12:00:00Z');
const say = (text: string, source = 'Courier', publishedAt = sunday): DatedSentence => ({ text, publishedAt, publishedOffsetMinutes: 0, source });
const items = (...texts: string[]) => findUpcomingEvents(texts.map((text) => say(text)));

describe('findUpcomingEvents', () => {
  it("dates the event by its own time words, not the announcement's", () => {
    expect(items('The city council said on Monday it would shut the bridge from 12 January.')).toEqual([
      { text: 'The city council will shut the bridge from 12 January.', date: '2026-01-12', dateText: 'from 12 January', until: null, sources: ['Courier'] },
    ]);
  });

  it('reads a weekday forward from a Sunday article and "later this week" as the coming week', () => {
    const [flight] = items('The envoy joined Sunday’s talks and will fly to Moscow on Monday.');
    expect(flight).toMatchObject({ date: '2025-12-01', dateText: 'on Monday' });
    const [talks] = items('Negotiators will meet again later this week in Geneva.');
    expect(talks).toMatchObject({ date: '2025-12-01', until: '2025-12-07', dateText: 'later this week' });
  });

  it('reads day-first dates and deadlines', () => {
    expect(items('The assembly will vote on the budget on 4 December.')[0]).toMatchObject({ date: '2025-12-04' });
    expect(items('The company will publish its accounts by 23 February.')[0]).toMatchObject({ date: '2026-02-23', dateText: 'by 23 February' });
  });

  it('leaves out forecasts, conditionals, vows, past plans and past reports', () => {
    expect(
      items(
        'The storm is expected to make landfall on Tuesday.',
        'Temperatures will drop to minus 16 degrees on Thursday.',
        'The union could strike on Friday if talks fail.',
        'He vowed that his country would retaliate next week.',
        'The launch was scheduled to take place on Saturday.',
        'Officials said the museum reopened on Friday.',
      ),
    ).toEqual([]);
  });

  it('takes a present-tense schedule with a date still ahead, not one already past', () => {
    expect(items('The decision falls to the president-elect, who takes office on Monday.')[0]).toMatchObject({ date: '2025-12-01', dateText: 'on Monday' });
    expect(items('The mayor, who takes office every January, spoke on Friday.')).toEqual([]);
  });

  it('reads an order to act as the act announced', () => {
    expect(items('After the crash, the FAA has directed SpaceX to conduct a full investigation.')).toHaveLength(1);
    expect(items('After the crash, the FAA has directed its staff to stay calm.')).toEqual([]);
  });

  it('lists a scheduled happening named beside its own future date, without a future verb', () => {
    expect(items('Analysts see another cut at the bank’s next meeting on 6 March.')[0]).toMatchObject({ date: '2026-03-06', dateText: '6 March' });
    expect(items('She is barred from the 2027 presidential race.')[0]).toMatchObject({ date: '2027-01-01', until: '2027-12-31' });
    expect(items('The 2019 presidential race was close.')).toEqual([]);
  });

  it('names a scheduled happening as the item, whatever the sentence around it hedges', () => {
    expect(items('Analysts see another cut at the bank’s next meeting on 6 March.')[0]?.text).toBe('The bank’s next meeting is due on 6 March.');
    expect(items('It will keep her out of the 2027 presidential election unless she wins on appeal.')[0]).toMatchObject({
      text: 'The presidential election is due in 2027.',
      date: '2027-01-01',
      until: '2027-12-31',
    });
    expect(items('The euro has weakened since January.', 'Policymakers may hold rates steady at the next meeting in April.')[0]).toMatchObject({ text: 'The next meeting is due in April.', date: '2026-04-01', until: '2026-04-30' });
    // An indefinite happening in a hedged sentence is only a possibility.
    expect(items('There may be a referendum in March.', 'A possible summit in January was discussed.')).toEqual([]);
  });

  it('reads a happening in text whose sentences were glued together by scraping', () => {
    const glued =
      'The judges described the decree as a grave betrayal of the trust of the people, and the court read its ruling live on television to the whole nation for more than twenty minutes.' +
      'He also faces trial on a separate charge.His removal paves the way for a snap presidential election within 60 days.';
    expect(items(glued)[0]).toMatchObject({ text: 'A snap presidential election is due within 60 days.', date: '2025-11-30', until: '2026-01-29' });
  });

  it('reads "May 16" as the month, not a hedge, and a past-tense publication day as the report\'s date', () => {
    const friday = new Date('2025-05-16T09:00:00Z');
    const [swap] = findUpcomingEvents([say('The minister said that Russia and Ukraine agreed to exchange prisoners 1,000 for 1,000 as a result of talks on May 16.', 'Courier', friday)]);
    expect(swap).toMatchObject({ text: 'Russia and Ukraine agreed to exchange prisoners 1,000 for 1,000 as a result of talks on May 16.', date: null });
    const [round] = findUpcomingEvents([say('The delegations concluded their meeting on Friday, agreeing to hold a new round of negotiations.', 'Courier', friday)]);
    expect(round).toMatchObject({ date: null });
  });

  it('does not read a plan already called off as one ahead', () => {
    expect(items('The president paused his plan to levy tariffs on Sunday after a week of market chaos.')).toEqual([]);
  });

  it('tells the plan a participle carries after a report as the plan alone, so a summary sentence still gives its event', () => {
    const ruling = 'The court ruled on Friday to uphold the law, clearing the way for the measure to take effect on Wednesday.';
    expect(findUpcomingEvents([say(ruling)], { shown: [ruling] })).toMatchObject([{ text: 'The measure will take effect on Wednesday.', date: '2025-12-03' }]);
    const talks = 'Delegations of both countries concluded their meeting on Friday, agreeing to hold a new round of negotiations.';
    expect(findUpcomingEvents([say(talks)], { shown: [talks] })).toMatchObject([{ text: 'Delegations of both countries agreed to hold a new round of negotiations.', date: null }]);
  });

  it('reads an agreement on a happening as the happening announced, but not one in force at once', () => {
    expect(items('Both sides have reached an agreement in Geneva for the exchange of prisoners on a 500-for-500 basis.')[0]?.text).toBe(
      'Both sides have reached an agreement in Geneva for the exchange of prisoners on a 500-for-500 basis.',
    );
    expect(items('The two countries agreed to a prisoner swap during the talks.')).toHaveLength(1);
    expect(items('The two countries have agreed to a full and immediate ceasefire, the president said.')).toEqual([]);
    expect(items('The two countries agreed to the proposal.')).toEqual([]);
  });

  it('drops an attribution at the end, unless it says who "we" are', () => {
    expect(items('Work on the lists of prisoners will start on Monday, the deputy intelligence chief, who led the team, later told reporters.')[0]?.text).toBe(
      'Work on the lists of prisoners will start on Monday.',
    );
    expect(items('We agreed to swap 6,000 bodies of fallen soldiers, the defence minister told reporters.')[0]?.text).toBe(
      'We agreed to swap 6,000 bodies of fallen soldiers, the defence minister told reporters.',
    );
  });

  it('reads a ruling that forces a vote, without the forecast in its closing aside', () => {
    const [vote] = items('The ruling took effect immediately, forcing South Korea to hold a snap election within 60 days, which many expect will fall on 26 January.');
    expect(vote).toMatchObject({ date: '2025-11-30', until: '2026-01-29', dateText: 'within 60 days' });
    expect(vote?.text).not.toContain('which many expect');
  });

  it('takes a readiness to act on a date as the plan, and an opinion of what will come as none', () => {
    expect(items('The delegation is ready to present its memorandum at the talks on Tuesday.')[0]).toMatchObject({ date: '2025-12-02' });
    expect(items('It sets the stage for a pause, which we think will come in March, they wrote in a note.')).toEqual([]);
  });

  it('drops an editor\'s bracketed insertion from a quoted plan, and reads "slap" tariffs like "impose"', () => {
    expect(items('Our delegation headed by [Presidential Aide] Ivan Petrov is ready to present the memorandum on Tuesday," he said.')[0]?.text).toBe(
      'Our delegation headed by Ivan Petrov is ready to present the memorandum on Tuesday, he said.',
    );
    expect(items('Trump said he would slap tariffs on countries that tax U.S. goods.')[0]?.text).toBe('Trump will slap tariffs on countries that tax U.S. goods.');
  });

  it('reads a called meeting as announced, and a potential aftershock as no hedge on it', () => {
    expect(items('The prime minister announced an emergency meeting to assess the damage and prepare for any potential aftershocks.')).toHaveLength(1);
    expect(items('The prime minister discussed a potential meeting with the rebels.')).toEqual([]);
  });

  it('reads an election named by its year without the word, only when the year is ahead', () => {
    expect(items('The court convicted the 2027 presidential frontrunner of embezzlement.')[0]).toMatchObject({
      text: 'The presidential election is due in 2027.',
      date: '2027-01-01',
      until: '2027-12-31',
    });
    expect(items('She will not be able to run for the French presidency in 2027.')[0]?.text).toBe('The presidential election is due in 2027.');
    expect(items('The 2024 presidential frontrunner lost.')).toEqual([]);
  });

  it('names the happening a date is given for: "come to an end on Sunday with the final matchday"', () => {
    const friday = new Date('2025-11-28T12:00:00Z');
    const [last] = findUpcomingEvents([say('Few should be sad to see the season come to an end on Sunday with the final matchday in the league.', 'Courier', friday)]);
    expect(last).toMatchObject({
      text: 'The final matchday is due on Sunday.',
      date: '2025-11-30',
    });
  });

  it('reads a trip told as reported speech ("said he was leaving for…") as a plan, but not a meeting already convened', () => {
    expect(items('The minister briefed the cabinet and said he was leaving for Geneva to hold talks with the envoy.')).toHaveLength(1);
    expect(items('The minister was leaving for Geneva when the news broke.')).toEqual([]);
    expect(items('In response, the minister convened a high-level meeting to assess the situation.')).toEqual([]);
  });

  it('lists two acts ahead joined by a time word as two items', () => {
    expect(items('The mayor-elect will assume office when the electoral board will formally announce her victory at its meeting.').map((event) => event.text)).toEqual([
      'The mayor-elect will assume office.',
      'The electoral board will formally announce her victory at its meeting.',
    ]);
    expect(items('Further, the ministry added that the discussions will continue after “each side will present its plan in writing.”').map((event) => event.text)).toEqual([
      'The discussions will continue.',
      'Each side will present its plan in writing.',
    ]);
  });

  it('reads "are due" as scheduled, without the hedged consequence after it, but not "due to" a cause', () => {
    expect(items('Quarterly results from the two largest banks are due, potentially shedding light on the slowdown.')[0]?.text).toBe(
      'Quarterly results from the two largest banks are due.',
    );
    expect(items('A verdict is due on Thursday.')[0]).toMatchObject({ date: '2025-12-04' });
    expect(items('The launch was delayed due to the weather.', 'Flights are due to the holiday rush busier than usual.')).toEqual([]);
  });

  it('reads a vow to appeal as the appeal announced, and other vows as none', () => {
    expect(items('The former mayor maintained she was innocent and vowed to appeal against the ruling.')).toHaveLength(1);
    expect(items('The general vowed to retaliate against the strikes.')).toEqual([]);
  });

  it('passes over a clause in force at once for the next one announcing something, such as a decision still to come', () => {
    expect(items('The ban comes into effect immediately, but the court has not yet announced how long it will last.').map((event) => event.text)).toEqual([
      'The court has not yet announced how long it will last.',
    ]);
    expect(items('The board has yet to decide who will lead the company.')).toHaveLength(1);
    expect(items('The ban will come into effect immediately.')).toEqual([]);
  });

  it('drops an event already past at publication', () => {
    expect(items('The minister said on Friday she would sign the decree on Wednesday, 26 November.')).toEqual([]);
  });

  it('starts items cleanly: no leading "And", no clause cut from its subject', () => {
    const [item] = items('Rubio called the session useful, and said negotiations will continue on Monday in Moscow.');
    expect(item?.text).toBe('Negotiations will continue on Monday in Moscow.');
  });

  it('makes one item of one event told by two outlets, with both sources', () => {
    const found = findUpcomingEvents([
      say('The envoy is scheduled to travel to Moscow on Monday to meet Putin.', 'Courier'),
      say('Putin will meet the envoy in Moscow on Monday, the Kremlin said.', 'Gazette'),
    ]);
    expect(found).toHaveLength(1);
    expect(found[0]?.sources).toEqual(['Courier', 'Gazette']);
  });

  it('does not repeat the summary', () => {
    const sentence = 'The council will close the harbour bridge on Wednesday for six weeks of repairs.';
    expect(findUpcomingEvents([say(sentence)], { shown: [`The mayor spoke. ${sentence}`] })).toEqual([]);
  });

  it('keeps the event cut from a longer summary sentence: the item is its own clause, with its date', () => {
    const sentence = 'Rubio called the session useful, and said negotiations will continue on Monday in Moscow.';
    expect(findUpcomingEvents([say(sentence)], { shown: [sentence] }).map((event) => event.text)).toEqual(['Negotiations will continue on Monday in Moscow.']);
  });

  it('does not take the thing a speaker confirmed for the subject of the plan', () => {
    const [item] = items('The negotiator confirmed the agreement on the exchange, adding that Russia is planning to swap 1,000 soldiers next week.');
    expect(item?.text).toBe('The negotiator confirmed the agreement on the exchange, adding that Russia is planning to swap 1,000 soldiers next week.');
  });

  it('reads each sentence through the reader it is given, with the local day of its publication', () => {
    const asked: Array<[string, string | null]> = [];
    const readSentence = (sentence: string, day: string | null): EventReading[] => {
      asked.push([sentence, day]);
      return readSentenceEvents(sentence, day);
    };
    const lateSunday = new Date('2025-11-30T23:30:00Z');
    const sentences = [
      say('The assembly will vote on the budget on 4 December.'),
      { ...say('The assembly will vote on the budget on 4 December.', 'Gazette', lateSunday), publishedOffsetMinutes: 60 },
      { text: 'The assembly will vote on the budget soon.', publishedAt: null, publishedOffsetMinutes: null, source: 'Wire' },
    ];
    expect(findUpcomingEvents(sentences, { readSentence })).toEqual(findUpcomingEvents(sentences));
    expect(asked.map(([, day]) => day)).toEqual(['2025-11-30', '2025-12-01', null]);
  });

  it('reads a sentence the same however often it is read: nothing but its text and day goes in', () => {
    const sentence = 'Negotiators will meet again later this week in Geneva.';
    expect(readSentenceEvents(sentence, '2025-11-30')).toEqual(readSentenceEvents(sentence, '2025-11-30'));
    expect(readSentenceEvents(sentence, '2025-11-30')[0]?.resolved).toMatchObject({ date: '2025-12-01', until: '2025-12-07' });
    // Undated, the time words cannot be put on a calendar.
    expect(readSentenceEvents(sentence, null)[0]?.resolved).toMatchObject({ date: null, dateText: 'this week' });
  });
});
