/**
 * Bundled provider database: East Asian providers. Each entry is a clientConfig v1.1 document (the ISPDB
 * format) plus the MX host-name suffixes that identify the provider for custom domains.
 * Generated from a reviewed table; edit carefully, the parser is strict. Values marked
 * `uncertain` in a note were not confirmed against the provider's own documentation.
 */
import type { BundledProvider } from './types';

export const ASIA_PROVIDERS: readonly BundledProvider[] = [
  {
    mx: ['mx1.qq.com', 'mx2.qq.com', 'mx3.qq.com'],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="qq.com">
    <domain>qq.com</domain>
    <domain>foxmail.com</domain>
    <domain>vip.qq.com</domain>
    <displayName>QQ Mail</displayName>
    <incomingServer type="pop3"><hostname>pop.qq.com</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>smtp.qq.com</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
    <enable><instruction>Turn on the POP3/SMTP service in QQ Mail's settings (Settings → Account) and use the authorization code it gives you as the password.</instruction></enable>
  </emailProvider>
</clientConfig>`,
  },
  {
    mx: [],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="163.com">
    <domain>163.com</domain>
    <displayName>NetEase 163 Mail</displayName>
    <incomingServer type="pop3"><hostname>pop.163.com</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>smtp.163.com</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
    <enable><instruction>Turn on POP3/SMTP in 163 Mail's settings and use the client authorization code (授权码) as the password.</instruction></enable>
  </emailProvider>
</clientConfig>`,
  },
  {
    mx: [],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="126.com">
    <domain>126.com</domain>
    <displayName>NetEase 126 Mail</displayName>
    <incomingServer type="pop3"><hostname>pop.126.com</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>smtp.126.com</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
    <enable><instruction>Turn on POP3/SMTP in 126 Mail's settings and use the client authorization code (授权码) as the password.</instruction></enable>
  </emailProvider>
</clientConfig>`,
  },
  {
    mx: [],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="yeah.net">
    <domain>yeah.net</domain>
    <displayName>NetEase Yeah Mail</displayName>
    <incomingServer type="pop3"><hostname>pop.yeah.net</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>smtp.yeah.net</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
    <enable><instruction>Turn on POP3/SMTP in Yeah Mail's settings and use the client authorization code (授权码) as the password.</instruction></enable>
  </emailProvider>
</clientConfig>`,
  },
  {
    mx: ['mx.naver.com'],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="naver.com">
    <domain>naver.com</domain>
    <displayName>Naver Mail</displayName>
    <incomingServer type="pop3"><hostname>pop.naver.com</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>smtp.naver.com</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication></outgoingServer>
    <outgoingServer type="smtp"><hostname>smtp.naver.com</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication></outgoingServer>
    <enable><instruction>Enable POP3/SMTP in Naver Mail's settings first (Settings → POP3/IMAP settings).</instruction><instruction>With two-step verification on, create an application password.</instruction></enable>
  </emailProvider>
</clientConfig>`,
  },
  // daum.net: Uncertain: Daum mail is being migrated to Kakao; username form is from ISPDB.
  {
    mx: [],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="daum.net">
    <domain>daum.net</domain>
    <domain>hanmail.net</domain>
    <displayName>Daum Mail</displayName>
    <incomingServer type="pop3"><hostname>pop.daum.net</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>smtp.daum.net</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication></outgoingServer>
    <enable><instruction>Enable POP3 in Daum Mail's settings first (Settings → IMAP/POP3).</instruction></enable>
  </emailProvider>
</clientConfig>`,
  },
];
