import { Composer, type Context } from 'grammy';
import { sendBriefNow, type FeatureDeps } from './shared.js';

/** `/brief`: today's digest, now. */
export function createBriefFeature(deps: FeatureDeps): Composer<Context> {
  const feature = new Composer<Context>();
  feature.command('brief', (ctx) => sendBriefNow(ctx, deps));
  return feature;
}
