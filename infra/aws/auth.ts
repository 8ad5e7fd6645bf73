import { ROLES } from '@newsroom/domain/actor.ts';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

export interface AuthProps {
  domainPrefix: string;
  callbackUrls: string[];
  logoutUrls: string[];
}

/**
 * The editor's sign-in: a Cognito user pool where only administrators create accounts,
 * one group per role of `functions/domain/actor.ts`, and the custom attribute
 * `partner` that only administrators set (the API trusts it to scope every list).
 */
export class Auth extends Construct {
  readonly userPool: cognito.UserPool;
  readonly editorClient: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;
  /** The `iss` of every token this pool signs; the API's JWT authorizer checks it. */
  readonly issuerUrl: string;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      // A changed address only replaces the old one once it is verified, so a typo cannot lock a user out.
      keepOriginal: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: false, mutable: true },
      },
      customAttributes: {
        partner: new cognito.StringAttribute({ minLen: 2, maxLen: 32, mutable: true }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        passwordHistorySize: 5,
        tempPasswordValidity: Duration.days(3),
      },
      // A second factor for everyone. The brief asks for it at least for the press office and
      // administrators, but Cognito sets MFA per pool, not per group, and every role reads
      // special-category data (Art. 9 GDPR: origin, religion, health of clients) of its
      // organisation, managers most of all. Managed login enrols the authenticator app at the
      // first sign-in. TOTP only: SMS costs per message and falls to SIM swapping.
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { sms: false, otp: true },
      // Only the password is recovered by e-mail; a lost authenticator is reset by an administrator (README).
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Plus: threat protection blocks sign-ins with leaked passwords and asks for more on risky
      // ones. At about 0.02 USD per monthly active user it costs about 1 USD a month for 50 editors.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      userInvitation: {
        emailSubject: 'Ihr Zugang zur Redaktion des Integrationsmanagements',
        emailBody:
          'Guten Tag,<br><br>für Sie wurde ein Zugang zur Redaktion angelegt.<br>' +
          'Benutzername: {username}<br>Vorläufiges Passwort: {####}<br><br>' +
          'Bitte melden Sie sich innerhalb von drei Tagen an und vergeben Sie ein eigenes Passwort.',
      },
      userVerification: {
        emailSubject: 'Bestätigen Sie Ihre E-Mail-Adresse',
        emailBody: 'Ihr Bestätigungscode lautet {####}.',
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    for (const role of ROLES) {
      this.userPool.addGroup(`Group-${role.id}`, { groupName: role.id, description: role.label });
    }

    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: props.domainPrefix },
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });

    this.editorClient = this.userPool.addClient('EditorClient', {
      userPoolClientName: 'editor',
      // A browser app cannot keep a secret; the authorization code grant with PKCE protects the code instead.
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: props.callbackUrls,
        logoutUrls: props.logoutUrls,
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      // The API reads role, partner and enabled-state from the pool on each request (cached 30 s),
      // so a token mostly proves who is calling; still, a stolen or stale token should not last.
      idTokenValidity: Duration.minutes(15),
      accessTokenValidity: Duration.minutes(15),
      refreshTokenValidity: Duration.hours(12),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes('partner'),
      // Users write none of their own attributes: the API trusts `custom:partner` and shows `name`,
      // both set by administrators only. The list cannot be empty: Cognito reads an empty list as
      // "not specified" and then lets the client write every attribute (aws-cdk#30608,
      // terraform-provider-aws#28684). So it names one attribute that nothing reads.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ timezone: true }),
    });

    // Managed login (v2) renders nothing for a client without a style; Cognito's defaults suffice.
    const branding = new cognito.CfnManagedLoginBranding(this, 'EditorLoginBranding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.editorClient.userPoolClientId,
      useCognitoProvidedValues: true,
    });
    branding.node.addDependency(this.domain);

    const stack = Stack.of(this);
    this.issuerUrl = `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.userPool.userPoolId}`;
  }
}
