import {
  IconBolt,
  IconCake,
  IconCalendar,
  IconCoffee,
  IconGift,
  IconHeart,
  IconShoppingCart,
  IconSpeakerphone,
  IconStar,
  IconTag,
  IconTrophy,
  IconUsers,
} from "@tabler/icons-react";

/** The icons an earning rule can carry (the server's RULE_ICONS), drawn with Tabler's set. */
export const RULE_ICONS = {
  star: IconStar,
  cart: IconShoppingCart,
  gift: IconGift,
  cake: IconCake,
  heart: IconHeart,
  megaphone: IconSpeakerphone,
  coffee: IconCoffee,
  tag: IconTag,
  calendar: IconCalendar,
  trophy: IconTrophy,
  users: IconUsers,
  bolt: IconBolt,
} as const;
