import { Avatar, Button, FileButton, Group, Input, Stack } from "@mantine/core";
import { IconPhoto, IconTrash } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { uploadMedia } from "../../api/client";
import { notifyError } from "../../components/feedback";

/** An image of the portal's layout: uploaded to the media store at once, saved with the form. */
export function ImageField({
  label,
  url,
  onChange,
  error,
  disabled,
}: {
  label: string;
  url: string | null;
  onChange: (image: { id: string; url: string } | null) => void;
  error?: React.ReactNode;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const upload = useMutation({ mutationFn: uploadMedia, onSuccess: onChange, onError: (err) => notifyError(t, err) });
  return (
    <Input.Wrapper label={label} error={error}>
      <Group gap="sm" mt={4} wrap="nowrap">
        <Avatar src={url} size={48} radius="sm" alt={url ? label : ""}>
          <IconPhoto size={22} />
        </Avatar>
        <Stack gap={4}>
          <Group gap="xs">
            <FileButton
              onChange={(file) => file && upload.mutate(file)}
              accept="image/png,image/jpeg,image/webp,image/gif"
              disabled={disabled}
            >
              {(props) => (
                <Button {...props} size="xs" variant="light" loading={upload.isPending} aria-label={`${t("portal.upload")}: ${label}`}>
                  {t("portal.upload")}
                </Button>
              )}
            </FileButton>
            {url && (
              <Button
                size="xs"
                variant="subtle"
                color="red"
                leftSection={<IconTrash size={14} />}
                onClick={() => onChange(null)}
                disabled={disabled}
                aria-label={`${t("portal.remove")}: ${label}`}
              >
                {t("portal.remove")}
              </Button>
            )}
          </Group>
        </Stack>
      </Group>
    </Input.Wrapper>
  );
}
