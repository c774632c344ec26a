import { describe, expect, it } from 'vitest';
import { sentencesInsideQuotes, standAloneForm } from '../../src/digest/summarize.js';

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
