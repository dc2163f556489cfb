/**
 * Bundled provider database: International providers. Each entry is a clientConfig v1.1 document (the ISPDB
 * format) plus the MX host-name suffixes that identify the provider for custom domains.
 * Generated from a reviewed table; edit carefully, the parser is strict. Values marked
 * `uncertain` in a note were not confirmed against the provider's own documentation.
 */
import type { BundledProvider } from './types';

export const GLOBAL_PROVIDERS: readonly BundledProvider[] = [
  {
    mx: ['aspmx.l.google.com', 'gmail-smtp-in.l.google.com', 'googlemail.com', 'smtp.google.com'],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="googlemail.com">
    <domain>gmail.com</domain>
    <domain>googlemail.com</domain>
    <displayName>Gmail</displayName>
    <incomingServer type="pop3"><hostname>pop.gmail.com</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>OAuth2</authentication><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>smtp.gmail.com</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>OAuth2</authentication><authentication>password-cleartext</authentication></outgoingServer>
    <outgoingServer type="smtp"><hostname>smtp.gmail.com</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username><authentication>OAuth2</authentication><authentication>password-cleartext</authentication></outgoingServer>
    <enable visiturl="https://mail.google.com/mail/#settings/fwdandpop"><instruction>Enable POP in Gmail's settings first (Settings → See all settings → Forwarding and POP/IMAP → Enable POP).</instruction><instruction>If you log in with a password rather than signing in with Google, Google accepts only an app password: turn on 2-Step Verification, then create one at myaccount.google.com/apppasswords.</instruction></enable>
    <documentation url="https://support.google.com/mail/answer/7104828"><descr lang="en">Setup instructions</descr></documentation>
  </emailProvider>
</clientConfig>`,
  },
  // outlook.com: Microsoft announced the end of basic (password) auth for Outlook.com consumer mailboxes; password login may fail.
  {
    mx: ['olc.protection.outlook.com'],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="outlook.com">
    <domain>outlook.com</domain>
    <domain>hotmail.com</domain>
    <domain>live.com</domain>
    <domain>msn.com</domain>
    <domain>hotmail.co.uk</domain>
    <domain>hotmail.fr</domain>
    <domain>hotmail.de</domain>
    <domain>hotmail.it</domain>
    <domain>hotmail.es</domain>
    <domain>live.co.uk</domain>
    <domain>live.fr</domain>
    <domain>live.de</domain>
    <domain>outlook.de</domain>
    <domain>outlook.fr</domain>
    <displayName>Outlook.com (Microsoft)</displayName>
    <incomingServer type="pop3"><hostname>outlook.office365.com</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>OAuth2</authentication><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>smtp-mail.outlook.com</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username><authentication>OAuth2</authentication><authentication>password-cleartext</authentication></outgoingServer>
    <enable visiturl="https://outlook.live.com/mail/0/options/mail/forwarding"><instruction>Switch on POP in Outlook.com first (Settings → Mail → Forwarding and IMAP → Let devices and apps use POP).</instruction><instruction>Microsoft has ended password logins for mail programs on Outlook.com: sign in with Microsoft in your browser.</instruction></enable>
    <documentation url="https://support.microsoft.com/office/pop-imap-and-smtp-settings-for-outlook-com-d088b986-291d-42b8-9564-9c414e2aa040"><descr lang="en">Setup instructions</descr></documentation>
  </emailProvider>
</clientConfig>`,
  },
  // office365.com: Reached through MX only (custom domains hosted on Microsoft 365).
  {
    mx: ['mail.protection.outlook.com'],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="office365.com">
    <displayName>Microsoft 365 (Exchange Online)</displayName>
    <incomingServer type="pop3"><hostname>outlook.office365.com</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>OAuth2</authentication><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>smtp.office365.com</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username><authentication>OAuth2</authentication><authentication>password-cleartext</authentication></outgoingServer>
    <enable><instruction>POP must be enabled for your mailbox by your organisation's administrator (it is off by default in Microsoft 365).</instruction><instruction>Exchange Online accepts only signing in with Microsoft (OAuth2), not a password; your administrator may have to approve Heron first.</instruction></enable>
  </emailProvider>
</clientConfig>`,
  },
  // yahoo.com: yahoo.co.jp is run by a different company (Yahoo Japan) and may need different settings; included with the global values, uncertain.
  {
    mx: ['yahoodns.net'],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="yahoo.com">
    <domain>yahoo.com</domain>
    <domain>ymail.com</domain>
    <domain>rocketmail.com</domain>
    <domain>yahoo.co.uk</domain>
    <domain>yahoo.fr</domain>
    <domain>yahoo.de</domain>
    <domain>yahoo.it</domain>
    <domain>yahoo.es</domain>
    <domain>yahoo.ca</domain>
    <domain>yahoo.com.au</domain>
    <domain>yahoo.co.in</domain>
    <domain>yahoo.co.jp</domain>
    <displayName>Yahoo Mail</displayName>
    <incomingServer type="pop3"><hostname>pop.mail.yahoo.com</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>smtp.mail.yahoo.com</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
    <outgoingServer type="smtp"><hostname>smtp.mail.yahoo.com</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
    <enable visiturl="https://login.yahoo.com/account/security"><instruction>Create an app password in Yahoo's Account Security page and use it in Heron instead of your normal password.</instruction></enable>
  </emailProvider>
</clientConfig>`,
  },
  {
    mx: ['mx-aol.mail.gm0.yahoodns.net'],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="aol.com">
    <domain>aol.com</domain>
    <domain>aim.com</domain>
    <domain>aol.co.uk</domain>
    <domain>aol.de</domain>
    <domain>aol.fr</domain>
    <displayName>AOL Mail</displayName>
    <incomingServer type="pop3"><hostname>pop.aol.com</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>smtp.aol.com</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
    <outgoingServer type="smtp"><hostname>smtp.aol.com</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
    <enable visiturl="https://login.aol.com/account/security"><instruction>Create an app password in AOL's Account Security page and use it in Heron instead of your normal password.</instruction></enable>
  </emailProvider>
</clientConfig>`,
  },
  {
    mx: ['prodigy.net'],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="att.net">
    <domain>att.net</domain>
    <domain>sbcglobal.net</domain>
    <domain>bellsouth.net</domain>
    <domain>pacbell.net</domain>
    <domain>swbell.net</domain>
    <domain>ameritech.net</domain>
    <domain>flash.net</domain>
    <domain>prodigy.net</domain>
    <domain>wans.net</domain>
    <domain>nvbell.net</domain>
    <domain>snet.net</domain>
    <displayName>AT&amp;T Mail</displayName>
    <incomingServer type="pop3"><hostname>inbound.att.net</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>outbound.att.net</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
    <enable><instruction>AT&amp;T requires a secure mail key for mail programs: create one in your AT&amp;T profile (Sign-in info → Secure mail key) and use it as the password.</instruction></enable>
  </emailProvider>
</clientConfig>`,
  },
  {
    mx: ['comcast.net'],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="comcast.net">
    <domain>comcast.net</domain>
    <displayName>Xfinity (Comcast)</displayName>
    <incomingServer type="pop3"><hostname>mail.comcast.net</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>smtp.comcast.net</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication></outgoingServer>
    <outgoingServer type="smtp"><hostname>smtp.comcast.net</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication></outgoingServer>
    <enable><instruction>Turn on third-party access in Xfinity Connect (Settings → Security → Third Party Access Security) before using a mail program.</instruction></enable>
  </emailProvider>
</clientConfig>`,
  },
  // mail.com: Whether free mail.com accounts get POP3 is uncertain.
  {
    mx: ['mx00.mail.com', 'mx01.mail.com'],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="mail.com">
    <domain>mail.com</domain>
    <domain>email.com</domain>
    <domain>usa.com</domain>
    <domain>consultant.com</domain>
    <domain>post.com</domain>
    <domain>myself.com</domain>
    <domain>dr.com</domain>
    <domain>europe.com</domain>
    <domain>engineer.com</domain>
    <domain>asia.com</domain>
    <displayName>mail.com</displayName>
    <incomingServer type="pop3"><hostname>pop.mail.com</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>smtp.mail.com</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
    <outgoingServer type="smtp"><hostname>smtp.mail.com</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
    <enable><instruction>Allow POP3 access in mail.com's settings first (E-mail settings → POP3 &amp; IMAP; on free plans this may need an upgrade).</instruction></enable>
  </emailProvider>
</clientConfig>`,
  },
  {
    mx: ['messagingengine.com'],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="fastmail.com">
    <domain>fastmail.com</domain>
    <domain>fastmail.fm</domain>
    <domain>fastmail.cn</domain>
    <domain>fastmail.co.uk</domain>
    <domain>fastmail.de</domain>
    <domain>fastmail.net</domain>
    <domain>fastmail.org</domain>
    <domain>fastmail.us</domain>
    <domain>fastmail.to</domain>
    <domain>fastmail.in</domain>
    <domain>messagingengine.com</domain>
    <displayName>Fastmail</displayName>
    <incomingServer type="pop3"><hostname>pop.fastmail.com</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>smtp.fastmail.com</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
    <outgoingServer type="smtp"><hostname>smtp.fastmail.com</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
    <enable><instruction>Fastmail requires an app password for mail programs: create one under Settings → Privacy &amp; Security → Connected apps &amp; API tokens.</instruction></enable>
  </emailProvider>
</clientConfig>`,
  },
  // zoho.com: Zoho accounts in other data centres use pop.zoho.eu / .in / .com.au; custom domains hosted at Zoho use poppro.zoho.com. No MX mapping because the right host depends on the data centre.
  {
    mx: [],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="zoho.com">
    <domain>zoho.com</domain>
    <domain>zohomail.com</domain>
    <displayName>Zoho Mail</displayName>
    <incomingServer type="pop3"><hostname>pop.zoho.com</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>smtp.zoho.com</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
    <outgoingServer type="smtp"><hostname>smtp.zoho.com</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
    <enable><instruction>Enable POP access in Zoho Mail first (Settings → Mail Accounts → POP Access).</instruction><instruction>With two-factor authentication on, create an application-specific password.</instruction></enable>
  </emailProvider>
</clientConfig>`,
  },
  // gmx.com: MX names for gmx.com are uncertain.
  {
    mx: ['mx00.gmx.com', 'mx01.gmx.com'],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="gmx.com">
    <domain>gmx.com</domain>
    <domain>gmx.us</domain>
    <domain>gmx.co.uk</domain>
    <domain>gmx.fr</domain>
    <domain>gmx.es</domain>
    <domain>gmx.it</domain>
    <displayName>GMX (international)</displayName>
    <incomingServer type="pop3"><hostname>pop.gmx.com</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>mail.gmx.com</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
    <outgoingServer type="smtp"><hostname>mail.gmx.com</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
    <enable><instruction>Allow POP3 and IMAP access in GMX's settings first (E-mail settings → POP3 &amp; IMAP).</instruction></enable>
  </emailProvider>
</clientConfig>`,
  },
  // rediffmail.com: Uncertain: Rediffmail documents POP on pop.rediffmail.com; whether free accounts still get POP/SMTP access is unclear.
  {
    mx: [],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="rediffmail.com">
    <domain>rediffmail.com</domain>
    <displayName>Rediffmail</displayName>
    <incomingServer type="pop3"><hostname>pop.rediffmail.com</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>smtp.rediffmail.com</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication></outgoingServer>
  </emailProvider>
</clientConfig>`,
  },
];
