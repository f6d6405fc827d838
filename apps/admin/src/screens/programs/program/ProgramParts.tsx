import { Avatar, Button, Card, FileButton, Group, Input, Stack, Title } from "@mantine/core";
import { IconUpload } from "@tabler/icons-react";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { uploadMedia } from "../../../api/client";
import { notifyError } from "../../../components/feedback";

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder radius="lg" p="lg">
      <Title order={2} size="h4" mb="md">
        {title}
      </Title>
      <Stack>{children}</Stack>
    </Card>
  );
}

export function ImageField({
  label,
  url,
  onUploaded,
  onRemove,
}: {
  label: string;
  url: string | null;
  onUploaded: (m: { id: string; url: string }) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  return (
    <div>
      <Input.Label size="md" mb={4}>
        {label}
      </Input.Label>
      <Group>
        <Avatar src={url} size={64} radius="md" alt={label} />
        <FileButton
          accept="image/png,image/jpeg,image/webp,image/gif"
          onChange={async (file) => {
            if (!file) return;
            setBusy(true);
            try {
              onUploaded(await uploadMedia(file));
            } catch (err) {
              notifyError(t, err);
            } finally {
              setBusy(false);
            }
          }}
        >
          {(props) => (
            <Button variant="light" leftSection={<IconUpload size={16} />} loading={busy} {...props}>
              {t("programs.upload")}
            </Button>
          )}
        </FileButton>
        {url && (
          <Button variant="subtle" color="red" onClick={onRemove}>
            {t("programs.removeImage")}
          </Button>
        )}
      </Group>
    </div>
  );
}
