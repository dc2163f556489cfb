/**
 * The OAuth2 providers Heron can sign in to, keyed by the mail servers that accept their tokens
 * (as Thunderbird's OAuth2Providers: the server decides, not the address, so a custom domain
 * hosted at Google signs in at Google).
 *
 * Client registrations: a desktop app's client id is public (RFC 8252 §8.4), but it must be
 * registered by whoever ships the app, under the provider's terms. Heron has not registered its
 * own yet, so `registration` is null — a placeholder, never a borrowed id — and sign-in works with
 * the registration a person or an organization enters in Settings → "Sign-in with Google and
 * Microsoft" (README: "Signing in with Google or Microsoft").
 */
import type { OAuthProvider } from '../../oauth/types';

export const OAUTH_PROVIDERS: readonly OAuthProvider[] = [
  {
    id: 'google',
    name: 'Google',
    hosts: ['pop.gmail.com', 'smtp.gmail.com', 'pop.googlemail.com', 'smtp.googlemail.com'],
    authorizationEndpoint: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenEndpoint: 'https://oauth2.googleapis.com/token',
    // Full mail access is the only scope Gmail's POP3 and SMTP accept.
    scopes: ['https://mail.google.com/'],
    // A refresh token on every sign-in, also when the person signed in before.
    authorizationParams: { access_type: 'offline', prompt: 'consent' },
    registration: null, // Placeholder: Heron has no Google registration of its own yet.
    registerUrl: 'https://console.cloud.google.com/apis/credentials',
  },
  {
    id: 'microsoft',
    name: 'Microsoft',
    hosts: ['outlook.office365.com', 'smtp.office365.com', 'smtp-mail.outlook.com', 'pop-mail.outlook.com', 'outlook.office.com'],
    authorizationEndpoint: 'https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize',
    tokenEndpoint: 'https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token',
    scopes: ['https://outlook.office.com/POP.AccessAsUser.All', 'https://outlook.office.com/SMTP.Send', 'offline_access'],
    defaultTenant: 'common',
    registration: null, // Placeholder: Heron has no Microsoft registration of its own yet.
    registerUrl: 'https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade',
  },
];
