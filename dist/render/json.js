/** Maps a digest to the public JSON shape, field by field, so internal fields never leak into the format. */
export function toDigestJson(digest) {
    return {
        generatedAt: digest.generatedAt,
        stories: digest.stories.map((story) => ({
            id: story.id,
            headline: story.headline,
            summary: story.summary,
            sources: story.sources.map(({ name, title, url, publishedAt, file }) => ({ name, title, url, publishedAt, file })),
            quotes: story.quotes.map(({ text, speaker, role, sources }) => ({ text, speaker, role, sources })),
            whatsNext: story.whatsNext.map(({ text, date, dateText }) => ({ text, date, dateText })),
        })),
        problems: digest.problems.map(({ file, message }) => ({ file, message })),
    };
}
/** Renders the digest as pretty-printed JSON. */
export function renderJson(digest) {
    return JSON.stringify(toDigestJson(digest), null, 2) + '\n';
}
//# sourceMappingURL=json.js.map