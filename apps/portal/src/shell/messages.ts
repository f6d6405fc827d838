import type { FeatureMessages } from "../i18n";

export const messages = {
  pl: {
    shell: {
      skipToContent: "Przejdź do treści",
      navigation: "Nawigacja",
      nav: { home: "Start", rewards: "Nagrody", card: "Karta", more: "Więcej" },
      language: "Język",
      languages: { pl: "Polski", en: "English" },
      loading: "Wczytywanie…",
      offline: "Jesteś offline. Widzisz ostatnio zapisane dane.",
      error: { title: "Coś poszło nie tak", body: "Spróbuj ponownie za chwilę.", retry: "Spróbuj ponownie" },
      notFound: { title: "Nie ma takiej strony", body: "Sprawdź adres albo wróć na stronę główną.", home: "Strona główna" },
    },
  },
  en: {
    shell: {
      skipToContent: "Skip to content",
      navigation: "Navigation",
      nav: { home: "Home", rewards: "Rewards", card: "Card", more: "More" },
      language: "Language",
      languages: { pl: "Polski", en: "English" },
      loading: "Loading…",
      offline: "You are offline. You see the data saved last.",
      error: { title: "Something went wrong", body: "Try again in a moment.", retry: "Try again" },
      notFound: { title: "There is no such page", body: "Check the address or go back to the start.", home: "Home page" },
    },
  },
} satisfies FeatureMessages;
