import type { FeatureMessages } from "../../i18n";

export const messages = {
  pl: { pages: { back: "Wróć do menu", missingTitle: "Nie ma takiej strony", missingBody: "Strona została usunięta lub ukryta." } },
  en: { pages: { back: "Back to the menu", missingTitle: "No such page", missingBody: "The page was removed or hidden." } },
} satisfies FeatureMessages;
