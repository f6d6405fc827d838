import type { FeatureMessages } from "../../i18n";

// `operations` names what caused a point operation; the home screen's last operations use it too
// (components/OperationLine.tsx).
export const messages = {
  pl: {
    history: {
      title: "Historia punktów",
      filter: "Pokaż",
      filters: { all: "Wszystko", purchases: "Zakupy", rewards: "Nagrody", bonuses: "Bonusy", expiry: "Wygasłe", adjustments: "Korekty" },
      program: "Program",
      allPrograms: "Wszystkie programy",
      empty: "Nie ma tu jeszcze żadnych operacji.",
      more: "Pokaż starsze",
      end: "To już wszystko.",
    },
    operations: {
      pendingUntil: "do wykorzystania od {{date}}",
      kinds: {
        purchase: "Zakup",
        return: "Zwrot zakupu",
        welcome: "Punkty powitalne",
        birthday: "Prezent urodzinowy",
        event: "Punkty za aktywność",
        bonus: "Bonus",
        adjustment: "Korekta",
        redemption: "Nagroda: {{reward}}",
        redemption_cancelled: "Zwrot punktów za nagrodę: {{reward}}",
        expiry: "Punkty wygasły",
        reversal: "Anulowanie operacji",
        import: "Punkty przeniesione",
        checkout: "Punkty wydane w sklepie internetowym",
        checkout_released: "Zwrot punktów z niedokończonego zamówienia",
      },
    },
  },
  en: {
    history: {
      title: "Points history",
      filter: "Show",
      filters: {
        all: "Everything",
        purchases: "Purchases",
        rewards: "Rewards",
        bonuses: "Bonuses",
        expiry: "Expired",
        adjustments: "Adjustments",
      },
      program: "Program",
      allPrograms: "All programs",
      empty: "There are no operations here yet.",
      more: "Show older",
      end: "That is all.",
    },
    operations: {
      pendingUntil: "usable from {{date}}",
      kinds: {
        purchase: "Purchase",
        return: "Return",
        welcome: "Welcome points",
        birthday: "Birthday gift",
        event: "Activity points",
        bonus: "Bonus",
        adjustment: "Adjustment",
        redemption: "Reward: {{reward}}",
        redemption_cancelled: "Points back for a reward: {{reward}}",
        expiry: "Points expired",
        reversal: "Operation cancelled",
        import: "Points transferred",
        checkout: "Points spent in the online shop",
        checkout_released: "Points back from an unfinished order",
      },
    },
  },
} satisfies FeatureMessages;
