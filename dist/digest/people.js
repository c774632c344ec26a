/**
 * Finding people in news text: full names, the roles the text gives them, and which person a surname or a
 * pronoun points to. Heuristic by design (no model is downloaded): capitalised name runs, title words before a
 * name, appositives after it.
 */
const roleNouns = 'secretary|minister|spokesman|spokeswoman|spokesperson|president|vice president|senator|sen\\.|governor|gov\\.|representative|rep\\.|director|chief|head|official|ambassador|chairman|chairwoman|chair|ceo|executive|analyst|professor|correspondent|lawyer|attorney|negotiator|commander|mayor|judge|envoy|adviser|advisor|leader|chancellor|premier|king|queen|prince|general|gen\\.|admiral|diplomat|manager|coach|captain|founder|economist|strategist|nominee|candidate|speaker|aide|deputy|lieutenant|sheriff|prosecutor|pollster|chairperson|commissioner|officer|councillor|councilman|councilwoman|mp|lawmaker|legislator|researcher|scientist|expert|editor|reporter|host|anchor|justice|pope|bishop|activist|campaigner';
const roleNounPattern = new RegExp(`\\b(${roleNouns})\\b`, 'i');
/** Capitalised words that begin sentences or name things, never a person's first name. */
const notNameWords = new Set(`The A An And But Or If In On At By For From Of To With As When While After Before During Since Until Although Though
  He She They We I It His Her Their Our Its This That These Those There Here Who What Where Why How Which
  Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September
  October November December Mr Mrs Ms Dr Sen Gov Rep President Secretary Minister Senator Governor Kremlin White House
  Republican Democratic Democrat Republicans Democrats Congress Senate Parliament Ministry Department State Supreme Court
  Ukrainian Russian American British Chinese European Israeli Palestinian Iranian French German Indian Ukraine Russia
  America China Europe India Moscow Kyiv Washington London Paris Gaza NATO EU UN US U.S. UK Sunday's CNN BBC AP Reuters
  According Meanwhile However Also Still Yet So Then Now Today Yesterday Tomorrow Both Other Many Some All Every Each
  Prime Chief Special Foreign National Federal General Former Vice Deputy Acting Speaker Kremlin's God Read Click
  Photo Image Video Watch Share Sign Follow Similar Related Advertisement X Twitter Facebook Instagram YouTube Google`.split(/\s+/));
const particle = "(?:de|da|del|della|di|du|van|von|der|den|bin|al|el|la|le|ibn|St\\.)";
const nameWord = "[\\p{Lu}][\\p{L}'\u2019-]*[\\p{L}]|[\\p{Lu}]\\.";
/**
 * A run of 2 to 4 capitalised words, allowing particles ("Ursula von der Leyen") and initials ("J. Smith"). The
 * first word is written with its capital first and the "no letter before" check after it: the same matches as
 * `(?<!\p{L})(?:nameWord)`, but the engine can hunt for a capital before trying anything, a third faster.
 */
const firstNameWord = "[\\p{Lu}](?<![\\p{L}][\\p{Lu}])(?:[\\p{L}'\u2019-]*[\\p{L}]|\\.)";
const fullNamePattern = new RegExp(`${firstNameWord}(?:\\s+(?:${particle}\\s+)*(?:${nameWord})){1,3}(?:,?\\s+(?:Jr\\.|Sr\\.|III|II))?`, 'gu');
function isPlausibleName(name) {
    const parts = name.split(/\s+/).filter((part) => !/^(de|da|del|della|di|du|van|von|der|den|bin|al|el|la|le|ibn|St\.)$/.test(part));
    if (parts.length < 2)
        return false;
    const first = parts[0] ?? '';
    const last = parts[parts.length - 1] ?? '';
    if (notNameWords.has(first.replace(/['\u2019]s$/, '').replace(/\.$/, '')) || notNameWords.has(last.replace(/['\u2019]s$/, '')))
        return false;
    if (/['\u2019]s$/.test(first))
        return false;
    // Acronyms ("NATO", "U.S.") are organisations and places, not parts of a name.
    return parts.every((part) => !/^[\p{Lu}.]{2,}$/u.test(part));
}
/** The surname of a full name (its last word, ignoring suffixes). */
export function surnameOf(name) {
    const parts = name.replace(/,?\s+(Jr\.|Sr\.|III|II)$/, '').split(/\s+/);
    return parts[parts.length - 1] ?? name;
}
/** Trims a role phrase to what names the role ("the powerful chief of staff" → "chief of staff"). */
function tidyRole(role) {
    let text = role
        .trim()
        .replace(/^(the|a|an|its|his|her|their|and|former)\s+/i, '')
        .replace(/\s+/g, ' ')
        .replace(/[,;:]$/, '');
    text = text.replace(/^(powerful|longtime|veteran|top|senior|then)\s+/i, '');
    if (text === '' || !roleNounPattern.test(text) || text.split(' ').length > 9)
        return null;
    return text;
}
const roleModifiers = /^(special|presidential|vice-presidential|chief|top|senior|deputy|former|national|foreign|economic|security|press|state|federal|acting|interim|assistant|associate|executive|general|prime|lead|principal|defense|defence|finance|health|justice|interior|trade|energy|foreign-policy|white|house|and|of|for)$/i;
/** Title words right before a name: "Secretary of State", "Kremlin spokesman", "presidential adviser". */
function roleBefore(textBefore) {
    // Only the words after the last punctuation can be a title glued to the name.
    const clause = textBefore.split(/[.,;:!?()\u2014\u2013"\u201C\u201D]/).pop() ?? '';
    const tokens = clause.trim().split(/\s+/).filter((token) => token !== '');
    let from = tokens.length;
    while (from > 0) {
        const token = tokens[from - 1] ?? '';
        const fits = /^[\p{Lu}]/u.test(token) || roleNounPattern.test(token) || roleModifiers.test(token);
        if (!fits || /['\u2019]s$/.test(token))
            break;
        from--;
    }
    let title = tokens.slice(from);
    while (title.length > 0 && /^(of|for|and|the)$/i.test(title[0] ?? ''))
        title = title.slice(1);
    if (title.length === 0 || title.length > 6)
        return null;
    const last = title[title.length - 1] ?? '';
    if (!roleNounPattern.test(last) && !/^(state|staff|security|affairs|defense|defence|justice|house|council|committee|party|office|treasury|commerce|health)$/i.test(last)) {
        return null;
    }
    return tidyRole(title.join(' '));
}
/** An appositive role after a name: "Rustem Umerov, Ukraine's secretary of national security,". */
function roleAfter(textAfter) {
    const match = /^,\s+((?:the |a |an )?[^,.;:()\u201C\u201D"]{3,80}?)(?:,|\.|;|\s+\u2014|$)/u.exec(textAfter);
    if (!match?.[1])
        return null;
    if (/^(who|which|that|said|says|and|but|in|on|at|after|before|when)\b/i.test(match[1]))
        return null;
    return tidyRole(match[1]);
}
/** A role given before the name with a comma: "Ukraine's secretary of national security, Rustem Umerov". */
function roleBeforeComma(textBefore) {
    const match = /(?:^|[.;:\u2014]\s+|,\s+|\b(?:and|but|while)\s+)((?:[\p{Lu}][\p{L}]*['\u2019]s\s+)?[\p{Ll}][^,.;:]{2,60}),\s*$/u.exec(textBefore);
    if (!match?.[1])
        return null;
    return tidyRole(match[1]);
}
/** The full-name mentions in `text` (the first `limit` of them), without roles. */
function findNameSpans(text, limit = Infinity) {
    const spans = [];
    for (const match of text.matchAll(fullNamePattern)) {
        if (spans.length >= limit)
            break;
        let name = match[0];
        let start = match.index;
        // A run can swallow a title ("President Volodymyr Zelenskyy", "Kremlin spokesman" is lower case and stays out).
        const words = name.split(/\s+/);
        while (words.length > 2 && (notNameWords.has((words[0] ?? '').replace(/\.$/, '')) || roleNounPattern.test(words[0] ?? ''))) {
            const dropped = words.shift() ?? '';
            start += dropped.length + 1;
            while (text[start] === ' ')
                start++;
        }
        name = words.join(' ');
        if (!isPlausibleName(name))
            continue;
        spans.push({ name, start, end: start + name.length });
    }
    return spans;
}
/** The role the words around a name give it ("Kremlin spokesman Dmitry Peskov", "Umerov, Ukraine's secretary of…"). */
function roleAround(text, span) {
    const before = text.slice(Math.max(0, span.start - 80), span.start);
    return roleBefore(before) ?? roleAfter(text.slice(span.end, span.end + 120)) ?? roleBeforeComma(before);
}
/** The first full-name mention in `text`, with the role the surrounding words give, or null. */
export function firstNameMention(text) {
    const span = findNameSpans(text, 1)[0];
    return span ? { ...span, name: span.name.replace(/['\u2019]s$/, ''), role: roleAround(text, span) } : null;
}
/** Whether `text` names anyone in full. */
export function namesSomeone(text) {
    return findNameSpans(text, 1).length > 0;
}
/** The people of one story: full names with their most-given role, found by surname. */
export class PersonIndex {
    /** Where each person is named, per source text; roles are read from there only for people who speak. */
    mentions = new Map();
    roles = new Map();
    bySurname = new Map();
    sources = 0;
    /** Texts given to read later: most stories' quotes never need a speaker looked up, so their names go unread. */
    unread = [];
    /** Records every name mention of `text`. */
    addText(text) {
        this.unread.push(text);
    }
    readUnread() {
        for (const text of this.unread.splice(0))
            this.readText(text);
    }
    readText(text) {
        const source = this.sources++;
        for (const span of findNameSpans(text)) {
            const name = span.name.replace(/['\u2019]s$/, '');
            this.add(name);
            this.mentions.get(name)?.push({ text, source, span });
        }
    }
    add(name) {
        if (!this.roles.has(name)) {
            this.roles.set(name, new Map());
            this.mentions.set(name, []);
        }
        const surname = surnameOf(name).toLowerCase();
        const known = this.bySurname.get(surname);
        // The longest full name wins a surname ("Marco Rubio" over a stray "M. Rubio").
        if (!known || name.length > known.length)
            this.bySurname.set(surname, name);
    }
    /** Resolves a mention ("Rubio", "Mr. Trump", "Marco Rubio") to the person the story names. */
    resolve(mention) {
        this.readUnread();
        const bare = mention
            .replace(/^(Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Sen\.?|Gov\.?|Rep\.?|President|Senator|Secretary|Minister|Governor)\s+/, '')
            .replace(/['\u2019]s$/, '')
            .trim();
        if (bare === '')
            return null;
        const full = this.roles.has(bare) && bare.includes(' ') ? bare : this.bySurname.get(surnameOf(bare).toLowerCase());
        if (!full)
            return null;
        return { name: full, role: this.roleOf(full) };
    }
    /** The role most mentions give; ties go to the more specific (longer) role. */
    roleOf(name) {
        this.readUnread();
        const counts = this.roles.get(name);
        if (!counts)
            return null;
        const pending = this.mentions.get(name) ?? [];
        if (pending.length > 0) {
            // Each source gets one vote per role: an outlet repeating its own (possibly wrong) title does not outvote another.
            const voted = new Set();
            for (const { text, source, span } of pending) {
                const role = roleAround(text, span);
                if (role === null || voted.has(`${source}\u0000${role}`))
                    continue;
                voted.add(`${source}\u0000${role}`);
                counts.set(role, (counts.get(role) ?? 0) + 1);
            }
            pending.length = 0;
        }
        if (counts.size === 0)
            return null;
        let best = null;
        let bestCount = 0;
        for (const [role, count] of counts) {
            if (count > bestCount || (count === bestCount && best !== null && role.length > best.length)) {
                best = role;
                bestCount = count;
            }
        }
        return best;
    }
}
//# sourceMappingURL=people.js.map