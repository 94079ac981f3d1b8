// A real OpenID provider (the certified `oidc-provider` package) for the SSO tests, on 127.0.0.1 only.
//
// Configured from the environment by tests/oidc/provider.py:
//   OIDC_PORT           the port to listen on (the issuer is http://127.0.0.1:PORT)
//   OIDC_CLIENT         JSON: {client_id, client_secret, redirect_uris}
//   OIDC_ACCOUNTS       JSON: {login: {password, claims: {...}, amr: [...]}}
// A minimal login page (login + password) and an automatic consent (a school's provider grants the
// app for its users, as an admin consent does). Prints "ready" once it listens.
import http from 'node:http';

import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT);
const client = JSON.parse(process.env.OIDC_CLIENT);
const accounts = JSON.parse(process.env.OIDC_ACCOUNTS);
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: client.client_id,
    client_secret: client.client_secret,
    redirect_uris: client.redirect_uris,
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  pkce: { required: () => true },
  // amr: reported in the ID token (RFC 8176), as Entra ID and Google do after a second factor.
  claims: {
    acr: null, amr: null, auth_time: null, sid: null, openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'],
  },
  features: { devInteractions: { enabled: false }, claimsParameter: { enabled: true } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: ['meldpunt-test-provider-only'] },
  async findAccount(ctx, id) {
    const account = accounts[id];
    if (!account) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...account.claims }; } };
  },
});

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(res, uid, error) {
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html><head><title>Test provider sign-in</title></head><body>
<h1>Test provider</h1>${error ? `<p class="error">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}">
<label>Login <input name="login" autocomplete="username"></label>
<label>Password <input type="password" name="password"></label>
<button type="submit">Sign in</button></form></body></html>`);
}

function readForm(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => resolve(Object.fromEntries(new URLSearchParams(body))));
    req.on('error', reject);
  });
}

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  const { uid, prompt, params, session } = details;
  if (prompt.name === 'login') {
    if (req.method !== 'POST') return loginPage(res, uid);
    const form = await readForm(req);
    const account = accounts[form.login];
    if (!account || account.password !== form.password) return loginPage(res, uid, 'Wrong login or password');
    return provider.interactionFinished(req, res, {
      login: { accountId: form.login, amr: account.amr || ['pwd'] },
    }, { mergeWithLastSubmission: false });
  }
  if (prompt.name === 'consent') {
    const grant = new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
    if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
    const grantId = await grant.save();
    return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }
  res.writeHead(501);
  return res.end('not implemented');
}

const handle = provider.callback();
const server = http.createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((error) => {
      res.writeHead(400, { 'Content-Type': 'text/plain' });
      res.end(String(error));
    });
    return;
  }
  handle(req, res);
});
server.listen(port, '127.0.0.1', () => { console.log('ready'); });
