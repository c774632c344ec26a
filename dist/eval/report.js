const points = (value) => (value * 100).toFixed(2);
const signed = (value) => `${value >= 0 ? '+' : '−'}${Math.abs(value * 100).toFixed(2)}`;
const round = (value, digits = 5) => Number(value.toFixed(digits));
function table(rows) {
    const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
    return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ')).join('\n');
}
/** The summaries table: metric | Brief | lead-N | Δ, F1 in points (0-100). */
export function formatSummaryReport(result, info) {
    const lead = `lead-${info.sentences}`;
    const header = `summaries: ${info.file} — ${result.records} records, ${info.sentences} sentences, references: ${info.refs}, summary cap: ${info.maxChars === null ? "digest's default" : `${info.maxChars} chars`}, ${info.seconds.toFixed(1)} s`;
    const rows = [
        ['metric (F1)', 'Brief', lead, 'Δ'],
        ['ROUGE-1', points(result.brief.rouge1), points(result.lead.rouge1), signed(result.delta.rouge1)],
        ['ROUGE-2', points(result.brief.rouge2), points(result.lead.rouge2), signed(result.delta.rouge2)],
        ['ROUGE-L', points(result.brief.rougeL), points(result.lead.rougeL), signed(result.delta.rougeL)],
        ['words/summary', result.briefMeanWords.toFixed(1), result.leadMeanWords.toFixed(1), ''],
    ];
    const sameLine = `Brief's summary equals ${lead} in ${result.sameAsLead} of ${result.records} records.`;
    const within = result.leadWithinCap;
    if (!within)
        return `${header}\n${table(rows)}\n${sameLine}`;
    const capped = `${lead} within the same ${info.capChars ?? '?'}-character cap: ROUGE-1 / 2 / L ${points(within.means.rouge1)} / ${points(within.means.rouge2)} / ${points(within.means.rougeL)}, ${within.meanWords.toFixed(1)} words/summary (Brief ${signed(result.brief.rouge1 - within.means.rouge1)} ROUGE-1).`;
    return `${header}\n${table(rows)}\n${sameLine}\n${capped}`;
}
/** The summaries figures as one JSON-ready object (F1 in 0..1). */
export function summaryReportJson(result, info) {
    const metrics = (m) => ({ rouge1: round(m.rouge1), rouge2: round(m.rouge2), rougeL: round(m.rougeL) });
    return {
        command: 'summaries',
        file: info.file,
        records: result.records,
        sentences: info.sentences,
        refs: info.refs,
        maxChars: info.maxChars,
        brief: metrics(result.brief),
        lead: metrics(result.lead),
        delta: metrics(result.delta),
        meanWords: { brief: round(result.briefMeanWords, 1), lead: round(result.leadMeanWords, 1) },
        ...(result.leadWithinCap
            ? { leadWithinCap: { capChars: info.capChars ?? null, ...metrics(result.leadWithinCap.means), meanWords: round(result.leadWithinCap.meanWords, 1) } }
            : {}),
        sameAsLead: result.sameAsLead,
        seconds: round(info.seconds, 2),
    };
}
/** The quotes report: detection P/R/F1 and speaker accuracy, with their targets. */
export function formatQuoteReport(scores, info) {
    const mark = (value, target) => (value >= target ? `meets ≥ ${target.toFixed(2)}` : `below ${target.toFixed(2)}`);
    const rows = [
        ['metric', 'value', 'target'],
        ['precision', scores.precision.toFixed(3), ''],
        ['recall', scores.recall.toFixed(3), ''],
        ['F1', scores.f1.toFixed(3), mark(scores.f1, 0.9)],
        ['speaker accuracy', scores.speakerAccuracy.toFixed(3), mark(scores.speakerAccuracy, 0.85)],
    ];
    return [
        `quotes: ${info.file} — ${scores.documents} documents, ${info.seconds.toFixed(1)} s`,
        `gold direct quotes ${scores.gold}; found ${scores.found}: ${scores.matched} matched, ${scores.continuations} continuations of a matched quote, ${scores.falsePositives} false positives; ${scores.missed} gold quotes missed`,
        table(rows),
        `speaker accuracy over ${scores.speakerEligible} matched gold quotes whose source names someone (${scores.speakerCorrect} right)`,
    ].join('\n');
}
/** The quotes figures as one JSON-ready object. */
export function quoteReportJson(scores, info) {
    return {
        command: 'quotes',
        file: info.file,
        documents: scores.documents,
        gold: scores.gold,
        found: scores.found,
        matched: scores.matched,
        continuations: scores.continuations,
        falsePositives: scores.falsePositives,
        missed: scores.missed,
        precision: round(scores.precision),
        recall: round(scores.recall),
        f1: round(scores.f1),
        speakerEligible: scores.speakerEligible,
        speakerCorrect: scores.speakerCorrect,
        speakerAccuracy: round(scores.speakerAccuracy),
        seconds: round(info.seconds, 2),
    };
}
//# sourceMappingURL=report.js.map