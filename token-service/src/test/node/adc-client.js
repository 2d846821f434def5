// An unmodified google-auth-library (Node), run by MetadataServerTest with only GCE_METADATA_HOST
// pointing at the token-service's metadata listener: Application Default Credentials must detect
// "GCE", name the account and project, and get a token. Prints fingerprints, never tokens.
'use strict';
const crypto = require('node:crypto');
const { GoogleAuth } = require('google-auth-library');

const fingerprint = (token) =>
  crypto.createHash('sha256').update(token).digest('hex').substring(0, 16);

async function main() {
  const auth = new GoogleAuth({
    scopes: ['https://www.googleapis.com/auth/generative-language'],
  });
  const client = await auth.getClient();
  console.log('class=' + client.constructor.name);
  const credentials = await auth.getCredentials();
  console.log('account=' + credentials.client_email);
  console.log('project=' + (await auth.getProjectId()));
  const { token } = await client.getAccessToken();
  console.log('token=' + fingerprint(token));
  const headers = await client.getRequestHeaders();
  const authorization =
    typeof headers.get === 'function' ? headers.get('authorization') : headers.Authorization;
  console.log('header=' + (authorization === 'Bearer ' + token));
}

main().catch((e) => {
  console.error('failed: ' + e.message);
  process.exit(1);
});
