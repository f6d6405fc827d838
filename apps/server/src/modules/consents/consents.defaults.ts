import type { ConsentChannel, ConsentPurpose } from "./consents.schemas.js";

interface DefaultConsent {
  key: string;
  purpose: ConsentPurpose;
  channel: ConsentChannel;
  name: Record<"pl" | "en", string>;
  text: Record<"pl" | "en", string>;
}

/** The five consents every company starts with, in its language; the company edits them freely. */
export const DEFAULT_CONSENTS: readonly DefaultConsent[] = [
  {
    key: "newsletter_email",
    purpose: "newsletter",
    channel: "email",
    name: { pl: "Newsletter e-mail", en: "E-mail newsletter" },
    text: {
      pl: "Wyrażam zgodę na otrzymywanie newslettera na podany adres e-mail.",
      en: "I agree to receive the newsletter at the e-mail address I have provided.",
    },
  },
  {
    key: "sms_marketing",
    purpose: "sms_marketing",
    channel: "sms",
    name: { pl: "Marketing SMS", en: "SMS marketing" },
    text: {
      pl: "Wyrażam zgodę na otrzymywanie wiadomości SMS o charakterze marketingowym na podany numer telefonu.",
      en: "I agree to receive marketing text messages (SMS) at the phone number I have provided.",
    },
  },
  {
    key: "commercial_information_email",
    purpose: "commercial_information",
    channel: "email",
    name: { pl: "Informacja handlowa e-mailem", en: "Commercial information by e-mail" },
    text: {
      pl: "Wyrażam zgodę na otrzymywanie informacji handlowych drogą elektroniczną, w szczególności pocztą elektroniczną na podany adres e-mail.",
      en: "I agree to receive commercial information by electronic means, in particular by e-mail at the address I have provided.",
    },
  },
  {
    key: "push_notifications",
    purpose: "push_notifications",
    channel: "push",
    name: { pl: "Powiadomienia push", en: "Push notifications" },
    text: {
      pl: "Wyrażam zgodę na otrzymywanie powiadomień push w aplikacji programu lojalnościowego.",
      en: "I agree to receive push notifications in the loyalty program app.",
    },
  },
  {
    key: "profiling",
    purpose: "profiling",
    channel: "any",
    name: { pl: "Profilowanie", en: "Profiling" },
    text: {
      pl: "Wyrażam zgodę na przetwarzanie moich danych osobowych, w tym historii zakupów, w celu profilowania i przygotowywania ofert dopasowanych do moich preferencji.",
      en: "I agree to the processing of my personal data, including my purchase history, for profiling and for preparing offers tailored to my preferences.",
    },
  },
];
