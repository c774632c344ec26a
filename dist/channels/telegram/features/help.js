import { Composer } from 'grammy';
/** The command list registered with setMyCommands and shown by /help. */
export const commandList = [
    { command: 'start', description: 'What Brief is' },
    { command: 'brief', description: 'Today’s digest, now' },
    { command: 'subscribe', description: 'Daily digest: /subscribe 07:30 Europe/Kyiv' },
    { command: 'settings', description: 'Change delivery time and time zone' },
    { command: 'unsubscribe', description: 'Stop the daily digest' },
    { command: 'help', description: 'How to use Brief' },
];
/** `/help`: every command, with an example. */
export function createHelpFeature() {
    const feature = new Composer();
    feature.command('help', async (ctx) => {
        await ctx.reply([
            'Brief sends the day’s main news every morning at the time you choose.',
            '',
            ...commandList.map((entry) => `/${entry.command} — ${entry.description}`),
            '',
            'Time zones are IANA names, such as Europe/Kyiv, America/New_York or UTC. In groups, only administrators can change the subscription.',
        ].join('\n'));
    });
    return feature;
}
//# sourceMappingURL=help.js.map