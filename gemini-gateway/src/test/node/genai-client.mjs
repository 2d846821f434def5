// Google's GenAI SDK for JavaScript, unmodified but for its base URL, through the gateway: a
// generate call on each API version, a stream and a token count on v1, and a call with a key the
// gateway does not know. Prints one JSON object; GatewayJsSdkTest reads it.
import { GoogleGenAI } from '@google/genai';

const baseUrl = process.env.GATEWAY_URL;
const model = 'gemini-2.5-flash';
const results = {};

async function attempt(name, call) {
  try {
    results[name] = { ok: await call() };
  } catch (e) {
    results[name] = { status: e.status ?? null, message: String(e.message).slice(0, 300) };
  }
}

for (const apiVersion of ['v1', 'v1alpha', 'v1beta']) {
  const ai = new GoogleGenAI({ apiKey: process.env.GATEWAY_KEY, httpOptions: { baseUrl, apiVersion } });
  await attempt(apiVersion, async () =>
    (await ai.models.generateContent({ model, contents: 'Hello from ' + apiVersion })).text);
}
const v1 = new GoogleGenAI({ apiKey: process.env.GATEWAY_KEY, httpOptions: { baseUrl, apiVersion: 'v1' } });
await attempt('stream', async () => {
  let chunks = 0;
  for await (const chunk of await v1.models.generateContentStream({ model, contents: 'Stream it' })) {
    if (chunk.text) chunks++;
  }
  return chunks;
});
await attempt('count', async () =>
  (await v1.models.countTokens({ model, contents: 'Count these' })).totalTokens);
const stranger = new GoogleGenAI({ apiKey: 'gwk_unknown_to_the_gateway', httpOptions: { baseUrl, apiVersion: 'v1' } });
await attempt('unknownKey', async () =>
  (await stranger.models.generateContent({ model, contents: 'x' })).text);
console.log(JSON.stringify(results));
