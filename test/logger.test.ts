import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';

function capture(options: Parameters<typeof createLogger>[0] & object) {
  const lines: string[] = [];
  const logger = createLogger({ ...options, write: (line) => lines.push(line) });
  return { logger, lines };
}

const botToken = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

describe('createLogger', () => {
  it('writes one readable line per event at the level and above', () => {
    const { logger, lines } = capture({ level: 'info' });
    logger.debug('hidden');
    logger.info('channel started', { channel: 'telegram', count: 3 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\S+ INFO channel started channel=telegram count=3$/);
  });

  it('keeps the old (level, write) call shape', () => {
    const lines: string[] = [];
    createLogger('warn', (line) => lines.push(line)).warn('careful');
    expect(lines[0]).toContain('WARN careful');
  });

  it('hides credentials by key, by shape and by value', () => {
    const { logger, lines } = capture({ level: 'debug', secrets: ['8f742231b10e8888abcd99yyyzzz85a5', 'hook-secret-xyz'] });
    logger.debug('request', { token: 'anything', authorization: 'Bearer abc', signingSecret: 'whatever' });
    logger.debug(`POST https://api.telegram.org/bot${botToken}/getMe`);
    logger.debug('bolt: connecting to wss://wss-primary.slack.com/link/?ticket=5f2a-77e1&app_id=A0B', { url: 'ws://x/?ticket=abc123' });
    logger.debug('tokens xoxb-1234-5678-brieftesttoken and xapp-1-A0BRIEF-1234-socketmodetoken');
    logger.debug('signature 8f742231b10e8888abcd99yyyzzz85a5 and hook-secret-xyz', { nested: { deep: 'hook-secret-xyz' } });
    logger.error('database down', { error: new Error('connect postgres://brief:hunter22@db:5432/brief failed') });
    const log = lines.join('\n');
    for (const secret of ['anything', 'Bearer abc', 'whatever', botToken, '5f2a-77e1', 'abc123', 'xoxb-1234', 'xapp-1-A0BRIEF', '8f742231b10e', 'hook-secret-xyz', 'hunter22']) {
      expect(log).not.toContain(secret);
    }
    expect(log).toContain('[redacted]');
    expect(log).toContain('app_id=A0B');
    expect(log).toContain('postgres://brief:[redacted]@db:5432/brief');
  });

  it('escapes control characters, so outside text cannot forge or colour a line', () => {
    const { logger, lines } = capture({});
    logger.warn('skipped file\nINFO forged line', { file: 'evil\u001b[31mred\nINFO fake.md', plain: 'ok\u0085' });
    expect(lines).toHaveLength(1);
    // eslint-disable-next-line no-control-regex -- asserting that no control character is left
    expect(lines[0]).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(lines[0]).toContain('skipped file\\nINFO forged line');
    expect(lines[0]).toContain('file="evil\\u001b[31mred\\nINFO fake.md"');
    expect(lines[0]).toContain('plain="ok\\x85"');
  });

  it('writes one JSON object per line with LOG_FORMAT=json, credentials hidden there too', () => {
    const { logger, lines } = capture({ level: 'debug', format: 'json', secrets: ['hook-secret-xyz'] });
    logger.debug('tick found nothing to do', { due: 0 });
    logger.warn('webhook refused', { secret: 'hook-secret-xyz', chatId: '-100123', error: new Error('bad hook-secret-xyz') });
    expect(lines).toHaveLength(2);
    const [first, second] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(first).toMatchObject({ level: 'debug', msg: 'tick found nothing to do', due: 0 });
    expect(typeof first?.time).toBe('string');
    expect(second).toMatchObject({ level: 'warn', msg: 'webhook refused', secret: '[redacted]', chatId: '-100123', error: 'bad [redacted]' });
    expect(lines.join('\n')).not.toContain('hook-secret-xyz');
  });
});
