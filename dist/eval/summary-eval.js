import { ROUGE_METRICS, scoreRougeMulti, tokenizeForRouge } from './rouge.js';
function means(rows) {
    const out = { rouge1: 0, rouge2: 0, rougeL: 0 };
    for (const metric of ROUGE_METRICS) {
        out[metric] = rows.length === 0 ? 0 : rows.reduce((sum, row) => sum + row[metric].fmeasure, 0) / rows.length;
    }
    return out;
}
/** Summarises every record both ways and scores each against its references (best reference per metric). */
export function evaluateSummaries(records, summarizers) {
    const perRecord = records.map((record) => {
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
    const avg = (values) => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);
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
//# sourceMappingURL=summary-eval.js.map