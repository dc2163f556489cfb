import { describe, expect, it } from 'vitest';
import { ConfigError, parseClientConfig } from './client-config';

const GOOD = `<?xml version="1.0"?>
<clientConfig version="1.1">
  <emailProvider id="example.com">
    <domain>example.com</domain>
    <displayName>Example Mail</displayName>
    <incomingServer type="imap"><hostname>imap.example.com</hostname><port>993</port><socketType>SSL</socketType></incomingServer>
    <incomingServer type="pop3">
      <hostname>pop.example.com</hostname><port>995</port><socketType>SSL</socketType>
      <username>%EMAILLOCALPART%</username>
      <authentication>OAuth2</authentication><authentication>password-cleartext</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.example.com</hostname><port>587</port><socketType>STARTTLS</socketType>
      <username>%EMAILADDRESS%</username><authentication>password-encrypted</authentication>
    </outgoingServer>
    <enable visiturl="https://example.com/settings"><instruction>Turn on POP &amp; SMTP first.</instruction></enable>
    <documentation url="http://example.com/help"><descr>Help</descr></documentation>
  </emailProvider>
</clientConfig>`;

function refusal(xml: string): string {
  try {
    parseClientConfig(xml, 'autoconfig.example.com');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('parseClientConfig', () => {
  it('keeps POP3 and SMTP servers, hints and methods Heron can use', () => {
    expect(parseClientConfig(GOOD, 'x')).toEqual({
      id: 'example.com',
      displayName: 'Example Mail',
      domains: ['example.com'],
      incoming: [{ hostname: 'pop.example.com', port: 995, security: 'tls', username: '%EMAILLOCALPART%', auth: ['user'], oauth: true, oauthOnly: false }],
      outgoing: [{ hostname: 'smtp.example.com', port: 587, security: 'starttls', username: '%EMAILADDRESS%', auth: ['cram-md5'], oauth: false, oauthOnly: false }],
      hints: ['Turn on POP & SMTP first.'],
      docsUrl: null, // http: documentation links are not offered
      noPop3: false,
    });
  });

  it('says when a provider offers only IMAP', () => {
    const imapOnly = GOOD.replace(/<incomingServer type="pop3">[\s\S]*?<\/incomingServer>/, '');
    const config = parseClientConfig(imapOnly, 'x');
    expect(config.incoming).toEqual([]);
    expect(config.noPop3).toBe(true);
  });

  it('marks an OAuth2-only server', () => {
    const oauth = parseClientConfig(GOOD.replace('<authentication>password-cleartext</authentication>', ''), 'x');
    expect(oauth.incoming[0]).toMatchObject({ auth: [], oauthOnly: true });
  });

  it('names what is wrong', () => {
    expect(refusal('<html><body>404</body></html>')).toBe(
      'The settings file from autoconfig.example.com is not an autoconfig file (its root element is <html>, not <clientConfig>).',
    );
    expect(refusal('<clientConfig><emailProvider id="x">')).toBe(
      'The settings file from autoconfig.example.com is not valid XML: Element <emailProvider> is never closed (line 1, column 37).',
    );
    expect(refusal('<clientConfig/>')).toBe('The settings file from autoconfig.example.com has no <emailProvider>.');
    expect(refusal(GOOD.replace('<port>995</port>', '<port>99999</port>'))).toBe(
      'The settings file from autoconfig.example.com (incoming POP3 server 1) has an invalid port "99999".',
    );
    expect(refusal(GOOD.replace('<socketType>SSL</socketType>\n      <username>', '<socketType>TLS</socketType>\n      <username>'))).toBe(
      'The settings file from autoconfig.example.com (incoming POP3 server 1) has an unknown socketType "TLS" (expected SSL, STARTTLS or plain).',
    );
    expect(refusal(GOOD.replace('<hostname>pop.example.com</hostname>', '<hostname>pop.example.com:995</hostname>'))).toMatch(
      /^The settings file from autoconfig.example.com \(incoming POP3 server 1\) has an invalid host name: The server name "pop.example.com:995" should not include a port/,
    );
    expect(refusal(GOOD.replace('<?xml version="1.0"?>', '<!DOCTYPE x [<!ENTITY a "b">]>'))).toMatch(/A DOCTYPE is not allowed/);
  });
});
