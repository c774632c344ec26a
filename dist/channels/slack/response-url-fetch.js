import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
const nullBodyStatuses = new Set([101, 204, 205, 304]);
function toHeaders(headers) {
    const result = new Headers();
    for (const [name, value] of Object.entries(headers)) {
        if (Array.isArray(value))
            for (const item of value)
                result.append(name, item);
        else if (value !== undefined)
            result.set(name, value);
    }
    return result;
}
/**
 * A fetch for Bolt's `clientOptions.fetch` that posts response_url messages (what `respond()` sends) over
 * node:http(s) with keep-alive agents and leaves every other call, the Web API included, to `fetch`.
 * Why: on loopback, undici's fetch costs about three times the CPU of `http.request` per post, and under
 * a burst of /brief that CPU delays the acks of the next commands (see `npm run bench -- slack`).
 */
export function createResponseUrlFetch(options) {
    const fallback = options.fallback ?? globalThis.fetch;
    const timeoutMs = options.timeoutMs ?? 10_000;
    const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 64 });
    const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 64 });
    const light = (url, init) => new Promise((resolve, reject) => {
        const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
        const headers = new Headers(init.headers);
        headers.set('content-length', String(Buffer.byteLength(init.body)));
        const request = send(url, {
            method: init.method ?? 'POST',
            agent: url.protocol === 'https:' ? httpsAgent : httpAgent,
            headers: Object.fromEntries(headers.entries()),
            timeout: timeoutMs,
        }, (response) => {
            const chunks = [];
            response.on('data', (chunk) => chunks.push(chunk));
            response.on('error', reject);
            response.on('end', () => {
                const status = response.statusCode ?? 0;
                resolve(new Response(nullBodyStatuses.has(status) ? null : Buffer.concat(chunks), {
                    status,
                    statusText: response.statusMessage ?? '',
                    headers: toHeaders(response.headers),
                }));
            });
        });
        request.on('timeout', () => request.destroy(new Error(`response_url did not answer within ${timeoutMs} ms`)));
        request.on('error', reject);
        request.end(init.body);
    });
    const fetchFn = ((input, init) => {
        const href = typeof input === 'string' ? input : input instanceof URL ? input.href : null;
        const isMessagePost = href !== null && !href.startsWith(options.apiUrl) && (init?.method ?? 'GET').toUpperCase() === 'POST' && typeof init?.body === 'string';
        if (!isMessagePost || init?.signal)
            return fallback(input, init);
        const url = new URL(href);
        if (url.protocol !== 'http:' && url.protocol !== 'https:')
            return fallback(input, init);
        return light(url, init);
    });
    fetchFn.close = () => {
        httpAgent.destroy();
        httpsAgent.destroy();
    };
    return fetchFn;
}
//# sourceMappingURL=response-url-fetch.js.map