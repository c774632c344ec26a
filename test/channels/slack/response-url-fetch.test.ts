import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createResponseUrlFetch } from '../../../src/channels/slack/response-url-fetch.js';
import { startSlackApiServer, type SlackApiServer } from '../../servers/slack-api-server.js';

const botToken = 'xoxb-1234-5678-brieftesttoken';

describe('createResponseUrlFetch', () => {
  let api: SlackApiServer;
  beforeEach(async () => {
    api = await startSlackApiServer({ botToken });
  });
  afterEach(async () => {
    await api.close();
  });

  it('posts response_url messages itself and answers like fetch, errors included', async () => {
    const viaFallback: string[] = [];
    const fetchFn = createResponseUrlFetch({
      apiUrl: api.apiUrl,
      fallback: (input, init) => {
        viaFallback.push(String(input));
        return fetch(input, init);
      },
    });
    const url = api.responseUrl('direct');
    const ok = await fetchFn(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: 'Good morning' }) });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true });
    expect(api.responses('direct').map((message) => message.payload.text)).toEqual(['Good morning']);

    const refused = await fetchFn(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ blocks: 'nope' }) });
    expect(refused.ok).toBe(false);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toBe('invalid_blocks');
    expect(viaFallback).toEqual([]);

    const web = await fetchFn(`${api.apiUrl}auth.test`, { method: 'POST', headers: { Authorization: `Bearer ${botToken}` }, body: '' });
    expect(await web.json()).toMatchObject({ ok: true, user_id: 'U0BRIEFBOT' });
    expect(viaFallback).toEqual([`${api.apiUrl}auth.test`]);
    fetchFn.close();
  });
});
