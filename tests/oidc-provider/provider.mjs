// A real OpenID provider for the single sign-on tests: panva's certified `oidc-provider` on loopback,
// with its own login page, accounts read from a JSON file (re-read on every use, so a test can take a
// role away while sessions are open), RP-initiated logout and back-channel logout.
//
//   node provider.mjs
//
// Environment:
//   APP_URL        the TeamCheckup base URL the client is registered for (http://127.0.0.1:5000)
//   ACCOUNTS_FILE  JSON: { "<login>": { "password": "...", "claimsIn": "id_token" | "userinfo", "claims": { ... } } }
//   KEYS_FILE      where the signing key is kept (made on first start), so a restarted provider signs alike
//   PORT           port to listen on (0 or unset: any free port)
//   CLIENT_ID, CLIENT_SECRET  the client registration (defaults: teamcheckup / teamcheckup-test-secret)
//
// Every line on stdout is one JSON object: {"event":"ready","issuer":...} once listening, then one line
// per request and per logout event, which the tests read.

import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const appUrl = required('APP_URL').replace(/\/$/, '');
const accountsFile = required('ACCOUNTS_FILE');
const keysFile = required('KEYS_FILE');
const clientId = process.env.CLIENT_ID || 'teamcheckup';
const clientSecret = process.env.CLIENT_SECRET || 'teamcheckup-test-secret';

function required(name) {
  const value = process.env[name];
  if (!value) {
    process.stderr.write(`provider.mjs: set ${name}\n`);
    process.exit(2);
  }
  return value;
}

function log(event) {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

function signingKey() {
  if (!existsSync(keysFile)) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(keysFile, JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid: 'test-key-1', use: 'sig', alg: 'RS256' }));
  }
  return JSON.parse(readFileSync(keysFile, 'utf8'));
}

function accounts() {
  return JSON.parse(readFileSync(accountsFile, 'utf8'));
}

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body) {
  return `<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>${escape(title)}</title></head>`
    + `<body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;
}

function configuration() {
  return {
    clients: [{
      client_id: clientId,
      client_secret: clientSecret,
      client_name: 'TeamCheckup',
      redirect_uris: [`${appUrl}/signin-oidc`],
      post_logout_redirect_uris: [`${appUrl}/signout-callback-oidc`],
      backchannel_logout_uri: `${appUrl}/account/backchannel-logout`,
      backchannel_logout_session_required: true,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    }],
    jwks: { keys: [signingKey()] },
    cookies: { keys: ['teamcheckup-test-provider-cookie-key'] },
    scopes: ['openid', 'profile', 'email', 'teamcheckup'],
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      email: ['email'],
      teamcheckup: ['roles', 'teamcheckup_scope'],
      sid: null,
    },
    // Claims of the requested scopes go into the ID token as well; each account then decides where its
    // claims appear (findAccount below), so one account is mapped from the ID token and another only
    // from the userinfo endpoint.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
    },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    // TeamCheckup is a first-party client: no consent screen, the requested scopes are granted.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      const grant = grantId ? await ctx.oidc.provider.Grant.find(grantId) : undefined;
      if (grant) return grant;
      const fresh = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      fresh.addOIDCScope(ctx.oidc.params.scope ?? 'openid');
      await fresh.save();
      return fresh;
    },
    async findAccount(ctx, id) {
      const account = accounts()[id];
      if (!account) return undefined;
      return {
        accountId: id,
        async claims(use) {
          const where = account.claimsIn ?? 'id_token';
          const claims = where === use ? { sub: id, ...account.claims } : { sub: id };
          log({ event: 'claims', account: id, use, names: Object.keys(claims) });
          return claims;
        },
      };
    },
    // The app under test listens on loopback, which the provider's outgoing-request guard (SSRF protection)
    // refuses; its back-channel logout calls go out without that guard here. Test use only.
    fetch: (url, options) => globalThis.fetch(url, { ...options, dispatcher: undefined }),
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = page('Fout bij de identiteitsprovider', `<pre>${escape(JSON.stringify(out))}</pre>`);
    },
  };
}

async function logoutSource(ctx, form) {
  ctx.body = page('Afmelden bij de organisatie?', `${form}`
    + '<button type="submit" form="op.logoutForm" name="logout" value="yes">Ja, afmelden</button> '
    + '<button type="submit" form="op.logoutForm">Nee, aangemeld blijven</button>');
}

async function postLogoutSuccessSource(ctx) {
  ctx.body = page('Afgemeld', '<p>Je bent afgemeld bij de organisatie.</p>');
}

function loginPage(uid, error) {
  return page('Aanmelden bij de organisatie',
    (error ? `<p role="alert">${escape(error)}</p>` : '')
    + `<form method="post" action="/interaction/${escape(uid)}/login">`
    + '<p><label>Gebruiker <input name="login" autocomplete="off"></label></p>'
    + '<p><label>Geheim <input name="password" type="password"></label></p>'
    + '<p><button type="submit" name="action" value="login">Aanmelden</button> '
    + '<button type="submit" name="action" value="cancel">Annuleren</button></p></form>');
}

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function send(res, status, html) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

async function interaction(provider, req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return send(res, 400, page('Onbekende aanmelding', ''));
  if (req.method === 'GET') {
    log({ event: 'login-page', prompt: details.prompt.name });
    return send(res, 200, loginPage(uid));
  }
  const form = await readForm(req);
  if (action !== 'login') return send(res, 404, page('Niet gevonden', ''));
  if (form.get('action') === 'cancel') {
    log({ event: 'login-cancelled' });
    return provider.interactionFinished(req, res,
      { error: 'access_denied', error_description: 'End-User aborted interaction' }, { mergeWithLastSubmission: false });
  }
  const login = form.get('login') ?? '';
  const account = accounts()[login];
  if (!account || account.password !== form.get('password')) return send(res, 200, loginPage(uid, 'Onbekende gebruiker of verkeerd geheim.'));
  log({ event: 'logged-in', account: login });
  return provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
}

const server = createServer();
server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, configuration());
  provider.on('backchannel.success', (ctx, client, accountId, sid) => log({ event: 'backchannel-logout', ok: true, accountId, sid }));
  provider.on('backchannel.error', (ctx, error, client, accountId, sid) => log({ event: 'backchannel-logout', ok: false, accountId, sid, error: String(error) }));
  provider.on('end_session.success', () => log({ event: 'end-session' }));
  provider.on('server_error', (ctx, error) => log({ event: 'server-error', error: String(error) }));
  const callback = provider.callback();

  server.on('request', (req, res) => {
    const url = new URL(req.url, issuer);
    const query = Object.fromEntries([...url.searchParams.keys()].map((key) => [key, key === 'post_logout_redirect_uri' ? url.searchParams.get(key) : true]));
    log({ event: 'request', method: req.method, path: url.pathname, query });
    const match = url.pathname.match(/^\/interaction\/([^/]+)(?:\/(login))?$/);
    if (match) {
      interaction(provider, req, res, match[1], match[2]).catch((error) => {
        log({ event: 'interaction-error', error: String(error) });
        if (!res.headersSent) send(res, 400, page('Aanmelding verlopen', `<p>${escape(error.message)}</p>`));
      });
      return;
    }
    callback(req, res);
  });
  log({ event: 'ready', issuer });
});

for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
