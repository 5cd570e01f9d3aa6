// A real OpenID provider (npm oidc-provider) on loopback for tests/test_collect_oidc.py:
//   node tests/js/oidc_provider.js PORT REDIRECT_URI CLIENT_SECRET
// One client (centricity, with that redirect URI) and accounts from its development login form: any
// login is an account whose preferred_username is that login. Prints "ready" once it listens.
// oidc-provider is an ES module: this CommonJS script loads it with import().
"use strict";

async function main() {
  const { default: Provider } = await import("oidc-provider");
  const [port, redirectUri, secret] = process.argv.slice(2);
  const provider = new Provider(`http://127.0.0.1:${port}`, {
    clients: [
      {
        client_id: "centricity",
        client_secret: secret,
        redirect_uris: [redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    async findAccount(ctx, id) {
      return { accountId: id, async claims() { return { sub: id, preferred_username: id }; } };
    },
    claims: { openid: ["sub"], profile: ["preferred_username"] },
    features: { devInteractions: { enabled: true } },
  });
  provider.listen(Number(port), "127.0.0.1", () => console.log("ready"));
}

main();
