/**
 * A way of signing in. The app only asks for a token, shows the module's sign-in
 * screen when there is none, and signs out. `dev` talks to the local development
 * identity provider; a Cognito module (hosted UI, authorization code with PKCE) fits
 * the same shape: its sign-in screen redirects, and it finishes the redirect in `init`.
 */
export interface AuthModule {
  /** Runs once at start-up, before the first screen (e.g. to finish a redirect). */
  init(): Promise<void>;
  /** The ID token to send as `Authorization: Bearer …`, or undefined when signed out or expired. */
  token(): string | undefined;
  /** Renders the sign-in screen into `container`; calls `signedIn` once a session exists. */
  mountSignIn(container: HTMLElement, signedIn: () => void): Promise<void>;
  signOut(): void;
}
