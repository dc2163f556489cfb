import { describe, expect, it } from 'vitest';
import { refusalError, refusalInWords } from './reasons';

const MS = (code: string, text: string) =>
  `AADSTS${code}: ${text} Trace ID: 0a1b2c3d-0000-4000-8000-000000000000 Correlation ID: 9f8e7d6c-0000-4000-8000-000000000000 Timestamp: 2026-12-07 21:00:00Z`;

describe("a provider's refusal in words", () => {
  it('Microsoft’s AADSTS codes a person meets are said in words, with the code for an administrator', () => {
    expect(refusalInWords({ error: 'invalid_grant', description: MS('65001', 'The user or administrator has not consented to use the application.') })).toBe(
      'Heron has not been given permission to your mail yet (consent is required) (AADSTS65001)',
    );
    expect(refusalInWords({ error: 'access_denied', description: MS('90094', 'The grant requires admin permission.') })).toBe(
      'an administrator of your organization has to approve Heron first (AADSTS90094)',
    );
    expect(refusalInWords({ error: 'invalid_grant', description: MS('700082', 'The refresh token has expired due to inactivity.') })).toBe(
      'the sign-in expired because it was not used for 90 days (AADSTS700082)',
    );
  });

  it('an AADSTS code Heron has no words for is said in Microsoft’s own first sentence, without trace ids', () => {
    const description = MS('70000', 'The request was denied because one or more scopes requested are unauthorized or expired. The user must first sign in and grant the client application access to the requested scope.');
    expect(refusalInWords({ error: 'invalid_grant', description })).toBe(
      'the provider said “The request was denied because one or more scopes requested are unauthorized or expired.” (AADSTS70000)',
    );
  });

  it('Google’s invalid_grant is said in words with Google’s sentence', () => {
    expect(refusalInWords({ error: 'invalid_grant', description: 'Token has been expired or revoked.' })).toBe('the sign-in has expired or was revoked (“Token has been expired or revoked.”)');
    expect(refusalInWords({ error: 'weird_error', description: null })).toBe('the provider refused (weird_error)');
  });

  it('an ended grant asks to sign in again; a wrong registration points at Settings; a provider outage is retried later', () => {
    const ended = refusalError('Microsoft', 'alice@contoso.com', { error: 'invalid_grant', description: MS('50173', 'The provided grant has expired due to it being revoked.') }, 400);
    expect([ended.code, ended.message]).toEqual([
      'ESIGNIN',
      'Microsoft ended Heron’s sign-in for alice@contoso.com: the sign-in was revoked, for example because the password changed (AADSTS50173). Sign in again to go on.',
    ]);
    expect(ended.detail).toEqual({ provider: 'Microsoft', reason: 'invalid_grant', aadsts: '50173' });
    const consent = refusalError('Microsoft', 'alice@contoso.com', { error: 'invalid_client', description: MS('65001', 'The user or administrator has not consented to use the application.') }, 400);
    expect(consent.code).toBe('ESIGNIN');
    const client = refusalError('Microsoft', 'alice@contoso.com', { error: 'unauthorized_client', description: MS('700016', "Application with identifier 'x' was not found in the directory.") }, 400);
    expect([client.code, client.message]).toEqual([
      'EREJECTED',
      'Microsoft ended Heron’s sign-in for alice@contoso.com: the app registration (client id) does not exist in this directory (AADSTS700016). Check the sign-in registration in Settings.',
    ]);
    const outage = refusalError('Google', 'alice@gmail.com', { error: 'server_error', description: null }, 503);
    expect([outage.code, outage.retryable]).toEqual(['ETEMPORARY', true]);
  });
});
