/**
 * The public site's policy, sent by the local static server (infra/local/static-server.ts)
 * and by the CloudFront response-headers policy in AWS (infra/aws/stack.ts): no inline
 * script or style anywhere (Astro is configured to emit stylesheets as files).
 */
export const SITE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/**
 * The search page is the one page with JavaScript: Pagefind compiles its WebAssembly
 * index reader in the page and in its worker (/pagefind/), which needs
 * 'wasm-unsafe-eval' (WebAssembly only, no eval of JavaScript). Nowhere else.
 */
export const SEARCH_CSP = SITE_CSP.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'");
export const SEARCH_PATHS = ['/suche/', '/pagefind/'];

export function siteCsp(urlPath: string): string {
  return SEARCH_PATHS.some((p) => urlPath.startsWith(p)) ? SEARCH_CSP : SITE_CSP;
}

/** The press page's sign-up form for the distribution (site/newsroom/src/pages/presse/verteiler.astro). */
export const SIGNUP_PATHS = ['/presse/verteiler/'];

/**
 * The sign-up page's policy: the site's, except that its form posts to the API (another
 * origin: the editor's, where the API is served), a plain HTML form without any script.
 */
export const signupCsp = (apiOrigin: string) => SITE_CSP.replace("form-action 'self'", `form-action 'self' ${apiOrigin}`);
