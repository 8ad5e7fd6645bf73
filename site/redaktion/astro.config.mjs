import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';

const root = fileURLToPath(new URL('./', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The editorial app (Redaktion): its own static build, served as files (locally by
 * the start script on :4322, in AWS from S3/CloudFront). Everything dynamic happens in
 * the browser against the API named in the runtime `/config.json`, so one build runs
 * in every environment.
 */
export default defineConfig({
  root,
  output: 'static',
  outDir: fileURLToPath(new URL('./dist/', import.meta.url)),
  base: '/',
  build: { format: 'directory', inlineStylesheets: 'never' },
  compressHTML: true,
  devToolbar: { enabled: false },
  // Nothing here is highlighted; Shiki's inline styles would only fight the CSP.
  markdown: { syntaxHighlight: false },
  security: {
    // Story bodies are untrusted Markdown shown in the preview: no inline script may run.
    // The API and the identity provider live on other origins named only at runtime.
    csp: {
      scriptDirective: { resources: ["'self'"] },
      styleDirective: { resources: ["'self'"] },
      directives: [
        "default-src 'self'",
        "connect-src 'self' https: http://localhost:* http://127.0.0.1:*",
        "img-src 'self' https: data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
      ],
    },
  },
  vite: {
    // The client imports the domain's Markdown renderer and workflow rules from functions/.
    server: { fs: { allow: [repoRoot] } },
  },
});
