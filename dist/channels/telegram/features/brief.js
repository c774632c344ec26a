import { Composer } from 'grammy';
import { sendBriefNow } from './shared.js';
/** `/brief`: today's digest, now. */
export function createBriefFeature(deps) {
    const feature = new Composer();
    feature.command('brief', (ctx) => sendBriefNow(ctx, deps));
    return feature;
}
//# sourceMappingURL=brief.js.map