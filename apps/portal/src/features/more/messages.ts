import type { FeatureMessages } from "../../i18n";

export const messages = {
  pl: {
    more: {
      title: "Więcej",
      program: "O programie",
      refer: "Poleć znajomym",
      profile: "Mój profil",
      pages: "Informacje",
      language: "Język",
      install: "Zainstaluj aplikację",
      installIos: "Aby zainstalować aplikację na iPhonie, stuknij „Udostępnij”, a potem „Do ekranu początkowego”.",
      signOut: "Wyloguj się",
      signOutEverywhere: "Wyloguj na wszystkich urządzeniach",
    },
  },
  en: {
    more: {
      title: "More",
      program: "About the program",
      refer: "Refer a friend",
      profile: "My profile",
      pages: "Information",
      language: "Language",
      install: "Install the app",
      installIos: "To install the app on an iPhone, tap “Share”, then “Add to Home Screen”.",
      signOut: "Sign out",
      signOutEverywhere: "Sign out on all devices",
    },
  },
} satisfies FeatureMessages;
