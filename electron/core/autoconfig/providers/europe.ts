/**
 * Bundled provider database: European providers. Each entry is a clientConfig v1.1 document (the ISPDB
 * format) plus the MX host-name suffixes that identify the provider for custom domains.
 * Generated from a reviewed table; edit carefully, the parser is strict. Values marked
 * `uncertain` in a note were not confirmed against the provider's own documentation.
 */
import type { BundledProvider } from './types';

export const EUROPE_PROVIDERS: readonly BundledProvider[] = [
  {
    mx: ['gmx.net'],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="gmx.net">
    <domain>gmx.net</domain>
    <domain>gmx.de</domain>
    <domain>gmx.at</domain>
    <domain>gmx.ch</domain>
    <domain>gmx.eu</domain>
    <domain>gmx.info</domain>
    <domain>gmx.biz</domain>
    <domain>gmx.org</domain>
    <displayName>GMX</displayName>
    <incomingServer type="pop3"><hostname>pop.gmx.net</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>mail.gmx.net</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
    <outgoingServer type="smtp"><hostname>mail.gmx.net</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
    <enable><instruction>Erlauben Sie zuerst den POP3/IMAP-Abruf in den GMX-Einstellungen (E-Mail → Einstellungen → POP3 &amp; IMAP Abruf). / Allow POP3 and IMAP access in GMX's settings first.</instruction></enable>
  </emailProvider>
</clientConfig>`,
  },
  {
    mx: ['web.de'],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="web.de">
    <domain>web.de</domain>
    <displayName>WEB.DE</displayName>
    <incomingServer type="pop3"><hostname>pop3.web.de</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>smtp.web.de</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
    <enable><instruction>Erlauben Sie zuerst den POP3/IMAP-Abruf in den WEB.DE-Einstellungen (E-Mail → Einstellungen → POP3/IMAP Abruf). / Allow POP3 and IMAP access in WEB.DE's settings first.</instruction></enable>
  </emailProvider>
</clientConfig>`,
  },
  {
    mx: ['t-online.de'],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="t-online.de">
    <domain>t-online.de</domain>
    <domain>magenta.de</domain>
    <displayName>Telekom (T-Online)</displayName>
    <incomingServer type="pop3"><hostname>securepop.t-online.de</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>securesmtp.t-online.de</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
    <outgoingServer type="smtp"><hostname>securesmtp.t-online.de</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
    <enable><instruction>Use your e-mail password from the Telekom Kundencenter (E-Mail-Passwort), not your Telekom login password.</instruction></enable>
  </emailProvider>
</clientConfig>`,
  },
  {
    mx: ['freenet.de'],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="freenet.de">
    <domain>freenet.de</domain>
    <displayName>freenet Mail</displayName>
    <incomingServer type="pop3"><hostname>mx.freenet.de</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>mx.freenet.de</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
    <outgoingServer type="smtp"><hostname>mx.freenet.de</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
    <enable><instruction>Switch on access by mail programs (POP3/IMAP) in the freenet Mail settings first.</instruction></enable>
  </emailProvider>
</clientConfig>`,
  },
  {
    mx: ['mailbox.org'],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="mailbox.org">
    <domain>mailbox.org</domain>
    <displayName>mailbox.org</displayName>
    <incomingServer type="pop3"><hostname>pop3.mailbox.org</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>smtp.mailbox.org</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
    <outgoingServer type="smtp"><hostname>smtp.mailbox.org</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
  </emailProvider>
</clientConfig>`,
  },
  {
    mx: ['posteo.de'],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="posteo.de">
    <domain>posteo.de</domain>
    <domain>posteo.net</domain>
    <domain>posteo.at</domain>
    <domain>posteo.ch</domain>
    <domain>posteo.eu</domain>
    <domain>posteo.org</domain>
    <domain>posteo.be</domain>
    <domain>posteo.us</domain>
    <domain>posteo.uk</domain>
    <displayName>Posteo</displayName>
    <incomingServer type="pop3"><hostname>posteo.de</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>posteo.de</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
    <outgoingServer type="smtp"><hostname>posteo.de</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
  </emailProvider>
</clientConfig>`,
  },
  // orange.fr: Username form (full address vs local part) is uncertain; Orange accepts the full address for current accounts.
  {
    mx: [],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="orange.fr">
    <domain>orange.fr</domain>
    <domain>wanadoo.fr</domain>
    <displayName>Orange</displayName>
    <incomingServer type="pop3"><hostname>pop.orange.fr</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>smtp.orange.fr</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
  </emailProvider>
</clientConfig>`,
  },
  {
    mx: ['free.fr'],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="free.fr">
    <domain>free.fr</domain>
    <displayName>Free</displayName>
    <incomingServer type="pop3"><hostname>pop.free.fr</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>smtp.free.fr</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication></outgoingServer>
  </emailProvider>
</clientConfig>`,
  },
  {
    mx: [],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="sfr.fr">
    <domain>sfr.fr</domain>
    <domain>neuf.fr</domain>
    <domain>cegetel.net</domain>
    <domain>club-internet.fr</domain>
    <displayName>SFR</displayName>
    <incomingServer type="pop3"><hostname>pop.sfr.fr</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>smtp.sfr.fr</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
  </emailProvider>
</clientConfig>`,
  },
  // laposte.net: The hint is uncertain.
  {
    mx: [],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="laposte.net">
    <domain>laposte.net</domain>
    <displayName>La Poste</displayName>
    <incomingServer type="pop3"><hostname>pop.laposte.net</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>smtp.laposte.net</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
    <enable><instruction>Allow access by mail programs in La Poste's mail settings first.</instruction></enable>
  </emailProvider>
</clientConfig>`,
  },
  {
    mx: [],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="libero.it">
    <domain>libero.it</domain>
    <domain>inwind.it</domain>
    <domain>iol.it</domain>
    <domain>blu.it</domain>
    <displayName>Libero Mail</displayName>
    <incomingServer type="pop3"><hostname>popmail.libero.it</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>smtp.libero.it</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
  </emailProvider>
</clientConfig>`,
  },
  // virgilio.it: tim.it and alice.it mailboxes use in.alice.it / out.alice.it; left out as uncertain.
  {
    mx: [],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="virgilio.it">
    <domain>virgilio.it</domain>
    <displayName>Virgilio Mail</displayName>
    <incomingServer type="pop3"><hostname>in.virgilio.it</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>out.virgilio.it</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
  </emailProvider>
</clientConfig>`,
  },
  // aruba.it: Also domains hosted at Aruba (MX mx.aruba.it); Aruba PEC is a separate service and not covered.
  {
    mx: ['aruba.it'],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="aruba.it">
    <domain>aruba.it</domain>
    <displayName>Aruba</displayName>
    <incomingServer type="pop3"><hostname>pop3s.aruba.it</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>smtps.aruba.it</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
  </emailProvider>
</clientConfig>`,
  },
  // bluewin.ch: Username form is uncertain (some older accounts log in with the local part).
  {
    mx: [],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="bluewin.ch">
    <domain>bluewin.ch</domain>
    <displayName>Swisscom (bluewin)</displayName>
    <incomingServer type="pop3"><hostname>pop3.bluewin.ch</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>smtpauths.bluewin.ch</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
  </emailProvider>
</clientConfig>`,
  },
  {
    mx: [],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="ziggo.nl">
    <domain>ziggo.nl</domain>
    <displayName>Ziggo</displayName>
    <incomingServer type="pop3"><hostname>pop.ziggo.nl</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>smtp.ziggo.nl</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
  </emailProvider>
</clientConfig>`,
  },
  // seznam.cz: The settings path in the hint is uncertain.
  {
    mx: ['seznam.cz'],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="seznam.cz">
    <domain>seznam.cz</domain>
    <domain>email.cz</domain>
    <domain>post.cz</domain>
    <domain>spoluzaci.cz</domain>
    <displayName>Seznam</displayName>
    <incomingServer type="pop3"><hostname>pop3.seznam.cz</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>smtp.seznam.cz</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
    <enable><instruction>Allow access from other mail programs in Seznam's mail settings first (Nastavení → Ostatní → Přístup přes POP3/IMAP/SMTP).</instruction></enable>
  </emailProvider>
</clientConfig>`,
  },
  {
    mx: ['poczta.onet.pl'],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="onet.pl">
    <domain>onet.pl</domain>
    <domain>op.pl</domain>
    <domain>vp.pl</domain>
    <domain>onet.eu</domain>
    <domain>poczta.onet.pl</domain>
    <domain>onet.com.pl</domain>
    <domain>spoko.pl</domain>
    <domain>autograf.pl</domain>
    <domain>buziaczek.pl</domain>
    <domain>adres.pl</domain>
    <domain>amorki.pl</domain>
    <domain>vip.onet.pl</domain>
    <displayName>Onet Poczta</displayName>
    <incomingServer type="pop3"><hostname>pop3.poczta.onet.pl</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>smtp.poczta.onet.pl</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
    <enable><instruction>Włącz dostęp przez programy pocztowe (POP3/IMAP/SMTP) w ustawieniach Poczty Onet. / Switch on access by mail programs in Onet Poczta's settings first.</instruction></enable>
  </emailProvider>
</clientConfig>`,
  },
  {
    mx: ['wp.pl'],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="wp.pl">
    <domain>wp.pl</domain>
    <displayName>WP Poczta</displayName>
    <incomingServer type="pop3"><hostname>pop3.wp.pl</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>smtp.wp.pl</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication></outgoingServer>
    <enable><instruction>Włącz dostęp POP3/IMAP w ustawieniach WP Poczty (Ustawienia → Konto → Programy pocztowe). / Switch on POP3/IMAP access in WP Poczta's settings first.</instruction></enable>
  </emailProvider>
</clientConfig>`,
  },
  {
    mx: ['interia.pl'],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="interia.pl">
    <domain>interia.pl</domain>
    <domain>interia.eu</domain>
    <domain>poczta.fm</domain>
    <displayName>Interia Poczta</displayName>
    <incomingServer type="pop3"><hostname>poczta.interia.pl</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>poczta.interia.pl</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
    <enable><instruction>Włącz dostęp przez programy pocztowe w ustawieniach Poczty Interia. / Switch on access by mail programs in Interia's settings first.</instruction></enable>
  </emailProvider>
</clientConfig>`,
  },
  // o2.pl: Uncertain: values from the ISPDB entry, not checked against o2.pl documentation.
  {
    mx: [],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="o2.pl">
    <domain>o2.pl</domain>
    <domain>tlen.pl</domain>
    <domain>go2.pl</domain>
    <domain>prokonto.pl</domain>
    <displayName>o2 Poczta</displayName>
    <incomingServer type="pop3"><hostname>poczta.o2.pl</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>poczta.o2.pl</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
    <enable><instruction>Włącz dostęp przez programy pocztowe w ustawieniach Poczty o2. / Switch on access by mail programs in o2's settings first.</instruction></enable>
  </emailProvider>
</clientConfig>`,
  },
  {
    mx: ['mx.yandex.net', 'mx.yandex.ru'],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="yandex.ru">
    <domain>yandex.ru</domain>
    <domain>yandex.com</domain>
    <domain>ya.ru</domain>
    <domain>yandex.by</domain>
    <domain>yandex.kz</domain>
    <domain>yandex.ua</domain>
    <domain>narod.ru</domain>
    <displayName>Yandex Mail</displayName>
    <incomingServer type="pop3"><hostname>pop.yandex.com</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>smtp.yandex.com</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication></outgoingServer>
    <enable><instruction>Allow mail programs to access the mailbox in Yandex Mail's settings first (All settings → Mail clients), and create an app password.</instruction></enable>
  </emailProvider>
</clientConfig>`,
  },
  {
    mx: ['mxs.mail.ru'],
    xml: `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="mail.ru">
    <domain>mail.ru</domain>
    <domain>inbox.ru</domain>
    <domain>list.ru</domain>
    <domain>bk.ru</domain>
    <domain>internet.ru</domain>
    <domain>mail.ua</domain>
    <displayName>Mail.ru</displayName>
    <incomingServer type="pop3"><hostname>pop.mail.ru</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer></pop3></incomingServer>
    <outgoingServer type="smtp"><hostname>smtp.mail.ru</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
    <enable><instruction>Mail.ru requires a password for external applications: create one in the account's security settings and use it here.</instruction></enable>
  </emailProvider>
</clientConfig>`,
  },
];
