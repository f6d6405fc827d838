import type { FeatureMessages } from "../../i18n";

export const messages = {
  pl: {
    referrals: {
      title: "Poleć znajomym",
      intro: "Wyślij znajomym swój link. Gdy dołączą przez niego do programu, zobaczysz ich tutaj.",
      link: "Twój link polecający",
      share: "Udostępnij",
      copy: "Kopiuj link",
      copied: "Skopiowano",
      shareTitle: "Dołącz do programu",
      shareText: "Dołącz do programu lojalnościowego z mojego polecenia:",
      friendsCount: "Poleceni znajomi",
      earned: "Zdobyte za polecenia",
      points: "{{points}} pkt",
      friends: "Twoi poleceni",
      noFriends: "Nikt jeszcze nie dołączył z Twojego linku.",
      statusHelp:
        "Polecenie jest udane, gdy znajomy spełni warunek programu (np. zrobi zakupy za określoną kwotę). Nagrodzone: nagroda za nie jest już Twoja.",
      anonymous: "Usunięte konto",
      joined: "Dołączył(a) {{date}}",
      statuses: { registered: "Dołączył(a)", successful: "Polecenie udane", rewarded: "Nagrodzone", inactive: "Nieaktywny" },
    },
  },
  en: {
    referrals: {
      title: "Refer a friend",
      intro: "Send your friends your link. When they join the program through it, you will see them here.",
      link: "Your referral link",
      share: "Share",
      copy: "Copy link",
      copied: "Copied",
      shareTitle: "Join the program",
      shareText: "Join the loyalty program on my recommendation:",
      friendsCount: "Friends referred",
      earned: "Earned for referrals",
      points: "{{points}} pts",
      friends: "Your referrals",
      noFriends: "Nobody has joined through your link yet.",
      statusHelp:
        "A referral is successful once your friend meets the program's goal (e.g. spends a set amount). Rewarded: its reward is already yours.",
      anonymous: "Deleted account",
      joined: "Joined {{date}}",
      statuses: { registered: "Joined", successful: "Successful", rewarded: "Rewarded", inactive: "Inactive" },
    },
  },
} satisfies FeatureMessages;
