/** Scores Brief's summaries and the lead-N baseline against reference summaries, side by side. Pure. */
import type { SummaryRecord } from './records.js';
import { ROUGE_METRICS, scoreRougeMulti, tokenizeForRouge, type RougeMetric, type RougeScores } from './rouge.js';

/** Mean F1 of each metric over the records, in 0..1. */
export type MetricMeans = Record<RougeMetric, number>;

/** The systems under comparison, each turning a record into a summary text. */
export interface Summarizers {
  brief(record: SummaryRecord): string;
  lead(record: SummaryRecord): string;
  /** The lead held to Brief's length cap, a second baseline that takes length out of the comparison. */
  leadWithinCap?(record: SummaryRecord): string;
}

/** One record's scores. */
export interface RecordSummaryScores {
  id: string;
  brief: RougeScores;
  lead: RougeScores;
  leadWithinCap: RougeScores | null;
  leadWithinCapWords: number;
  briefWords: number;
  leadWords: number;
  /** True when Brief's summary is the lead summary word for word (up to ROUGE tokenisation). */
  sameAsLead: boolean;
}

/** The figures of one summaries run. */
export interface SummaryEvalResult {
  records: number;
  brief: MetricMeans;
  lead: MetricMeans;
  /** brief − lead per metric, in 0..1. */
  delta: MetricMeans;
  /** The lead within Brief's cap, when it was asked for. */
  leadWithinCap: { means: MetricMeans; meanWords: number } | null;
  briefMeanWords: number;
  leadMeanWords: number;
  sameAsLead: number;
  perRecord: RecordSummaryScores[];
}

function means(rows: readonly RougeScores[]): MetricMeans {
  const out = { rouge1: 0, rouge2: 0, rougeL: 0 };
  for (const metric of ROUGE_METRICS) {
    out[metric] = rows.length === 0 ? 0 : rows.reduce((sum, row) => sum + row[metric].fmeasure, 0) / rows.length;
  }
  return out;
}

/** Summarises every record both ways and scores each against its references (best reference per metric). */
export function evaluateSummaries(records: readonly SummaryRecord[], summarizers: Summarizers): SummaryEvalResult {
  const perRecord = records.map((record): RecordSummaryScores => {
    const brief = summarizers.brief(record);
    const lead = summarizers.lead(record);
    const leadWithinCap = summarizers.leadWithinCap?.(record) ?? null;
    const briefTokens = tokenizeForRouge(brief, false);
    const leadTokens = tokenizeForRouge(lead, false);
    return {
      id: record.id,
      brief: scoreRougeMulti(record.references, brief),
      lead: scoreRougeMulti(record.references, lead),
      leadWithinCap: leadWithinCap === null ? null : scoreRougeMulti(record.references, leadWithinCap),
      leadWithinCapWords: leadWithinCap === null ? 0 : tokenizeForRouge(leadWithinCap, false).length,
      briefWords: briefTokens.length,
      leadWords: leadTokens.length,
      sameAsLead: briefTokens.join(' ') === leadTokens.join(' '),
    };
  });
  const brief = means(perRecord.map((r) => r.brief));
  const lead = means(perRecord.map((r) => r.lead));
  const avg = (values: number[]) => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);
  const withinCap = perRecord.flatMap((r) => (r.leadWithinCap ? [r.leadWithinCap] : []));
  return {
    records: records.length,
    brief,
    lead,
    delta: { rouge1: brief.rouge1 - lead.rouge1, rouge2: brief.rouge2 - lead.rouge2, rougeL: brief.rougeL - lead.rougeL },
    leadWithinCap: summarizers.leadWithinCap && records.length > 0 ? { means: means(withinCap), meanWords: avg(perRecord.map((r) => r.leadWithinCapWords)) } : null,
    briefMeanWords: avg(perRecord.map((r) => r.briefWords)),
    leadMeanWords: avg(perRecord.map((r) => r.leadWords)),
    sameAsLead: perRecord.filter((r) => r.sameAsLead).length,
    perRecord,
  };
}
