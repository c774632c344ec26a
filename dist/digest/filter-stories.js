/** Folds case and accents so "kyiv" finds "Kyiv" and "zelenskiy" finds "Zelenskiy". */
function fold(text) {
    return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}
/**
 * Turns what a user typed into search words: case- and accent-folded, surrounding punctuation and
 * quotes dropped, duplicates removed. "Rubio, Witkoff!" gives ["rubio", "witkoff"].
 */
export function parseSearchWords(input) {
    const words = fold(input)
        .split(/\s+/)
        .map((word) => word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
        .filter((word) => word !== '');
    return [...new Set(words)];
}
function storyText(story) {
    const parts = [story.headline, story.summary];
    for (const quote of story.quotes)
        parts.push(quote.text, quote.speaker ?? '', quote.role ?? '');
    for (const next of story.whatsNext)
        parts.push(next.text);
    for (const source of story.sources)
        parts.push(source.name ?? '', source.title);
    return fold(parts.join('\n'));
}
function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
/**
 * Keeps the stories in which every word occurs at the start of a word (so "ukrain" finds "Ukrainian"
 * but not "Russia"), searching the headline, summary, quotes with their speakers,
 * what's next and the source names and titles: everything the reader sees of a story. Words of up to three
 * characters match whole words only.
 * Words go through `parseSearchWords`; no words keeps every story.
 */
export function filterStories(digest, words) {
    const wanted = parseSearchWords(words.join(' '));
    if (wanted.length === 0)
        return digest;
    // Words of up to three letters ("us", "eu", "uk") must match whole words, or "us" would find "use".
    const patterns = wanted.map((word) => new RegExp(`(?:^|[^\\p{L}\\p{N}])${escapeRegExp(word)}${word.length <= 3 ? '(?![\\p{L}\\p{N}])' : ''}`, 'u'));
    const stories = digest.stories.filter((story) => {
        const text = storyText(story);
        return patterns.every((pattern) => pattern.test(text));
    });
    return { ...digest, stories };
}
//# sourceMappingURL=filter-stories.js.map