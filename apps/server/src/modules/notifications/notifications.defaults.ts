import type { NotificationKind } from "./notifications.schemas.js";

interface DefaultTexts {
  subject: string;
  /** The body inside the company's branded layout (which adds the logo, name and footer). */
  html: string;
  sms: string;
}

/**
 * What every program starts with, in the company's language. Polish texts use "pkt" and
 * constructions that read right for any number and any gender (no "zdobyłeś/aś").
 */
export const DEFAULT_TEXTS: Record<NotificationKind, Record<"pl" | "en", DefaultTexts>> = {
  welcome: {
    pl: {
      subject: "Witaj w programie {program_name}!",
      html: `<p>Cześć {first_name}!</p>
<p>Cieszymy się, że jesteś z nami w programie <strong>{program_name}</strong>. Numer Twojej karty to <strong>{card_number}</strong>, a na koncie masz już <strong>{points} pkt</strong>.</p>
<p>Za zakupy zbierasz punkty, które wymienisz na nagrody. Stan konta i nagrody sprawdzisz tutaj: <a href="{portal_link}">{portal_link}</a></p>
<p>Poleć nas znajomym – oto Twój osobisty link: <a href="{member_ref_link}">{member_ref_link}</a></p>
<p>Pozdrawiamy,<br>{company_name}</p>`,
      sms: "{company_name}: witaj w programie {program_name}! Nr karty: {card_number}. Saldo: {points} pkt. {portal_link}",
    },
    en: {
      subject: "Welcome to {program_name}!",
      html: `<p>Hi {first_name},</p>
<p>We are glad to have you in <strong>{program_name}</strong>. Your card number is <strong>{card_number}</strong> and you already have <strong>{points} points</strong>.</p>
<p>You collect points with every purchase and exchange them for rewards. Check your balance and rewards here: <a href="{portal_link}">{portal_link}</a></p>
<p>Recommend us to your friends with your personal link: <a href="{member_ref_link}">{member_ref_link}</a></p>
<p>Best wishes,<br>{company_name}</p>`,
      sms: "{company_name}: welcome to {program_name}! Card no. {card_number}. Balance: {points} points. {portal_link}",
    },
  },
  points_earned: {
    pl: {
      subject: "Na Twoje konto trafiło {points_change} pkt",
      html: `<p>Cześć {first_name}!</p>
<p>Dziękujemy za zakupy. Na Twoje konto w programie {program_name} trafiło <strong>{points_change} pkt</strong>.</p>
<p>Do wykorzystania masz teraz <strong>{points} pkt</strong>. Punkty oczekujące na zatwierdzenie: {pending_points} pkt.</p>
<p>Poleć nas znajomym – oto Twój osobisty link: <a href="{member_ref_link}">{member_ref_link}</a></p>
<p>Pozdrawiamy,<br>{company_name}</p>`,
      sms: "{company_name}: +{points_change} pkt na Twoim koncie. Do wykorzystania: {points} pkt. Dziękujemy!",
    },
    en: {
      subject: "You earned {points_change} points",
      html: `<p>Hi {first_name},</p>
<p>Thank you for shopping with us. We have added <strong>{points_change} points</strong> to your {program_name} account.</p>
<p>You now have <strong>{points} points</strong> to spend. Points pending confirmation: {pending_points}.</p>
<p>Recommend us to your friends with your personal link: <a href="{member_ref_link}">{member_ref_link}</a></p>
<p>Best wishes,<br>{company_name}</p>`,
      sms: "{company_name}: +{points_change} points on your account. Available: {points} points. Thank you!",
    },
  },
  points_spent: {
    pl: {
      subject: "Z Twojego konta odjęto {points_change} pkt",
      html: `<p>Cześć {first_name}!</p>
<p>Z Twojego konta w programie {program_name} odjęliśmy <strong>{points_change} pkt</strong>.</p>
<p>Do wykorzystania masz teraz <strong>{points} pkt</strong>.</p>
<p>Pozdrawiamy,<br>{company_name}</p>`,
      sms: "{company_name}: z Twojego konta odjęliśmy {points_change} pkt. Do wykorzystania: {points} pkt.",
    },
    en: {
      subject: "{points_change} points were deducted from your account",
      html: `<p>Hi {first_name},</p>
<p>We have deducted <strong>{points_change} points</strong> from your {program_name} account.</p>
<p>You now have <strong>{points} points</strong> to spend.</p>
<p>Best wishes,<br>{company_name}</p>`,
      sms: "{company_name}: {points_change} points were deducted from your account. Available: {points} points.",
    },
  },
  points_returned: {
    pl: {
      subject: "Korekta punktów po zwrocie zakupu",
      html: `<p>Cześć {first_name}!</p>
<p>W związku ze zwrotem zakupu odjęliśmy z Twojego konta w programie {program_name} <strong>{points_change} pkt</strong>, przyznane wcześniej za ten zakup.</p>
<p>Do wykorzystania masz teraz <strong>{points} pkt</strong>.</p>
<p>Pozdrawiamy,<br>{company_name}</p>`,
      sms: "{company_name}: po zwrocie zakupu odjęliśmy {points_change} pkt. Do wykorzystania: {points} pkt.",
    },
    en: {
      subject: "Points adjusted after your return",
      html: `<p>Hi {first_name},</p>
<p>Because of a returned purchase we have deducted the <strong>{points_change} points</strong> it earned from your {program_name} account.</p>
<p>You now have <strong>{points} points</strong> to spend.</p>
<p>Best wishes,<br>{company_name}</p>`,
      sms: "{company_name}: after your return we deducted {points_change} points. Available: {points} points.",
    },
  },
  points_expiring: {
    pl: {
      subject: "Twoje punkty wkrótce stracą ważność",
      html: `<p>Cześć {first_name}!</p>
<p>Termin ważności <strong>{expiring_points} pkt</strong> na Twoim koncie w programie {program_name} mija <strong>{expiry_date}</strong>.</p>
<p>Wykorzystaj je wcześniej – nagrody czekają: <a href="{portal_link}">{portal_link}</a></p>
<p>Pozdrawiamy,<br>{company_name}</p>`,
      sms: "{company_name}: termin ważności {expiring_points} pkt mija {expiry_date}. Wykorzystaj je: {portal_link}",
    },
    en: {
      subject: "Your points expire soon",
      html: `<p>Hi {first_name},</p>
<p><strong>{expiring_points} points</strong> on your {program_name} account expire after <strong>{expiry_date}</strong>.</p>
<p>Use them before then – rewards are waiting: <a href="{portal_link}">{portal_link}</a></p>
<p>Best wishes,<br>{company_name}</p>`,
      sms: "{company_name}: {expiring_points} points expire after {expiry_date}. Use them: {portal_link}",
    },
  },
  tier_changed: {
    pl: {
      subject: "Twój nowy poziom: {tier}",
      html: `<p>Cześć {first_name}!</p>
<p>Twój poziom w programie {program_name} to teraz <strong>{tier}</strong>. Rabat na tym poziomie: <strong>{discount}</strong>.</p>
<p>Dziękujemy, że jesteś z nami!</p>
<p>Pozdrawiamy,<br>{company_name}</p>`,
      sms: "{company_name}: Twój poziom to teraz {tier}, rabat: {discount}. Dziękujemy, że jesteś z nami!",
    },
    en: {
      subject: "Your new level: {tier}",
      html: `<p>Hi {first_name},</p>
<p>Your level in {program_name} is now <strong>{tier}</strong>. Your discount at this level: <strong>{discount}</strong>.</p>
<p>Thank you for being with us!</p>
<p>Best wishes,<br>{company_name}</p>`,
      sms: "{company_name}: your level is now {tier}, discount: {discount}. Thank you for being with us!",
    },
  },
  reward_issued: {
    pl: {
      subject: "Twoja nagroda: {reward_name}",
      html: `<p>Cześć {first_name}!</p>
<p>Nagroda <strong>{reward_name}</strong> jest Twoja! Wykorzystano na nią {points_change} pkt. Pozostałe saldo: {points} pkt.</p>
<p style="font-size:20px;letter-spacing:1px"><strong>{voucher_code}</strong></p>
<p>Pozdrawiamy,<br>{company_name}</p>`,
      sms: "{company_name}: nagroda {reward_name} jest Twoja! {voucher_code}",
    },
    en: {
      subject: "Your reward: {reward_name}",
      html: `<p>Hi {first_name},</p>
<p><strong>{reward_name}</strong> is yours! It took {points_change} points; you have {points} points left.</p>
<p style="font-size:20px;letter-spacing:1px"><strong>{voucher_code}</strong></p>
<p>Best wishes,<br>{company_name}</p>`,
      sms: "{company_name}: {reward_name} is yours! {voucher_code}",
    },
  },
  redemption_cancelled: {
    pl: {
      subject: "Anulowano wymianę nagrody {reward_name}",
      html: `<p>Cześć {first_name}!</p>
<p>Wymiana nagrody <strong>{reward_name}</strong> została anulowana, a na Twoje konto zwróciliśmy <strong>{points_change} pkt</strong>.</p>
<p>Do wykorzystania masz teraz <strong>{points} pkt</strong>.</p>
<p>Pozdrawiamy,<br>{company_name}</p>`,
      sms: "{company_name}: anulowano wymianę nagrody {reward_name}, zwróciliśmy {points_change} pkt. Saldo: {points} pkt.",
    },
    en: {
      subject: "Your {reward_name} redemption was cancelled",
      html: `<p>Hi {first_name},</p>
<p>Your redemption of <strong>{reward_name}</strong> was cancelled and we have returned <strong>{points_change} points</strong> to your account.</p>
<p>You now have <strong>{points} points</strong> to spend.</p>
<p>Best wishes,<br>{company_name}</p>`,
      sms: "{company_name}: your {reward_name} redemption was cancelled; {points_change} points returned. Balance: {points} points.",
    },
  },
};

/** The reminder's lead time when the company has not chosen one. */
export const DEFAULT_DAYS_BEFORE = 7;
