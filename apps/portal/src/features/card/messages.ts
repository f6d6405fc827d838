import type { FeatureMessages } from "../../i18n";

export const messages = {
  pl: {
    card: {
      title: "Moja karta",
      number: "Numer karty",
      holder: "Właściciel",
      brightness: "Podkręć jasność ekranu, żeby kasjer łatwo zeskanował kod.",
      balance: "Dostępne punkty",
      asOf: "Stan na {{date}}",
      barcodeLabel: "Kod kreskowy karty {{number}}",
      qrLabel: "Kod QR karty {{number}}",
      showQr: "Kod QR",
      showBarcode: "Kod kreskowy",
      noBalance: "Pokaż kartę przy zakupach, a zbierzesz punkty.",
    },
  },
  en: {
    card: {
      title: "My card",
      number: "Card number",
      holder: "Card holder",
      brightness: "Turn your screen brightness up so the cashier can scan the code easily.",
      balance: "Available points",
      asOf: "As of {{date}}",
      barcodeLabel: "Barcode of card {{number}}",
      qrLabel: "QR code of card {{number}}",
      showQr: "QR code",
      showBarcode: "Barcode",
      noBalance: "Show your card when you shop to collect points.",
    },
  },
} satisfies FeatureMessages;
