import { runBench as runDigestBench } from './digest-bench.js';
import { runBench as runTelegramBench } from './telegram-bench.js';
import { runBench as runSlackBench } from './slack-bench.js';
import { runBench as runFeedsBench } from './feeds-bench.js';
import { runBench as runHostileBench } from './hostile-bench.js';
import { runBench as runPostgresBench } from './postgres-bench.js';

/** `npm run bench [-- digest|telegram|slack|feeds|hostile|postgres]`: runs every section, or the ones named. */
const sections: Record<string, () => Promise<void>> = {
  digest: runDigestBench,
  telegram: runTelegramBench,
  slack: runSlackBench,
  feeds: runFeedsBench,
  hostile: runHostileBench,
  postgres: runPostgresBench,
};
const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
for (const name of wanted.length > 0 ? wanted : Object.keys(sections)) {
  const run = sections[name];
  if (!run) {
    console.error(`Unknown bench section "${name}". Usage: npm run bench [-- ${Object.keys(sections).join('|')}]`);
    process.exit(2);
  }
  console.log(`\n== ${name} ==`);
  await run();
}
