import { Select } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { CHANNELS, type Channel } from "../../api/messaging";

/** "Any channel" or one: the filter of the campaigns list and the delivery log. */
export function ChannelFilter({ value, onChange }: { value: Channel | null; onChange: (channel: Channel | null) => void }) {
  const { t } = useTranslation();
  return (
    <Select
      label={t("messaging.channelFilter")}
      placeholder={t("messaging.allChannels")}
      clearable
      w={220}
      value={value}
      onChange={(v) => onChange(v as Channel | null)}
      data={CHANNELS.map((c) => ({ value: c, label: t(`messaging.channels.${c}`) }))}
    />
  );
}
