import type { FeatureMessages } from "../../i18n";

export const messages = {
  pl: {
    push: {
      label: "Powiadomienia na tym urządzeniu",
      description: "Punkty, nagrody i oferty programu prosto na ekran telefonu.",
      needsConsent: "Najpierw wyraź zgodę na powiadomienia push w swoim profilu.",
      toProfile: "Przejdź do profilu",
      denied: "Powiadomienia są zablokowane w ustawieniach przeglądarki. Zezwól na nie dla tej strony i spróbuj ponownie.",
      unsupported: "Ta przeglądarka nie obsługuje powiadomień. Na iPhonie najpierw dodaj aplikację do ekranu początkowego.",
      failed: "Nie udało się zmienić ustawienia. Spróbuj za chwilę.",
    },
  },
  en: {
    push: {
      label: "Notifications on this device",
      description: "Points, rewards and the program's offers right on your phone's screen.",
      needsConsent: "First agree to push notifications in your profile.",
      toProfile: "Go to my profile",
      denied: "Notifications are blocked in the browser's settings. Allow them for this site and try again.",
      unsupported: "This browser does not support notifications. On an iPhone, add the app to the Home Screen first.",
      failed: "The setting could not be changed. Try again in a moment.",
    },
  },
} satisfies FeatureMessages;
