import { ActionIcon, AspectRatio, Badge, Button, Card, Fieldset, FileButton, Group, Image, SimpleGrid, Stack, Text } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import { IconArrowLeft, IconArrowRight, IconPhotoPlus, IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { MAX_IMAGES, type Values } from "./reward-form";

/** The reward's images: the first is the main one; reorder, remove, add (uploaded at once). */
export function ImagesField({
  form,
  canWrite,
  uploading,
  addImages,
}: {
  form: UseFormReturnType<Values>;
  canWrite: boolean;
  uploading: boolean;
  addImages: (files: File[]) => Promise<void>;
}) {
  const { t } = useTranslation();
  const v = form.getValues();
  return (
    <Fieldset legend={t("rewards.form.images")} radius="md">
      <Stack gap="sm">
        <Text size="xs" c="dimmed">
          {t("rewards.form.imagesHelp", { max: MAX_IMAGES })}
        </Text>
        {v.images.length > 0 && (
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
            {v.images.map((img, index) => (
              <Card key={img.id} withBorder p={6} radius="md">
                <AspectRatio ratio={1}>
                  <Image src={img.url} alt={t("rewards.form.imageN", { n: index + 1 })} radius="sm" fit="cover" />
                </AspectRatio>
                <Group justify="space-between" gap={0} mt={4} wrap="nowrap">
                  <ActionIcon
                    aria-label={t("rewards.form.moveImageLeft", { n: index + 1 })}
                    disabled={index === 0}
                    onClick={() => form.reorderListItem("images", { from: index, to: index - 1 })}
                  >
                    <IconArrowLeft size={18} />
                  </ActionIcon>
                  {index === 0 && (
                    <Badge size="xs" variant="light">
                      {t("rewards.form.mainImage")}
                    </Badge>
                  )}
                  <ActionIcon
                    color="red"
                    aria-label={t("rewards.form.removeImage", { n: index + 1 })}
                    onClick={() => form.removeListItem("images", index)}
                  >
                    <IconTrash size={18} />
                  </ActionIcon>
                  <ActionIcon
                    aria-label={t("rewards.form.moveImageRight", { n: index + 1 })}
                    disabled={index === v.images.length - 1}
                    onClick={() => form.reorderListItem("images", { from: index, to: index + 1 })}
                  >
                    <IconArrowRight size={18} />
                  </ActionIcon>
                </Group>
              </Card>
            ))}
          </SimpleGrid>
        )}
        {form.errors.images && (
          <Text size="sm" c="red">
            {form.errors.images}
          </Text>
        )}
        <FileButton onChange={(files) => void addImages(files)} accept="image/png,image/jpeg,image/webp,image/gif" multiple>
          {(props) => (
            <Button
              {...props}
              variant="light"
              w="fit-content"
              leftSection={<IconPhotoPlus size={18} />}
              loading={uploading}
              disabled={!canWrite || v.images.length >= MAX_IMAGES}
            >
              {t("rewards.form.addImages")}
            </Button>
          )}
        </FileButton>
      </Stack>
    </Fieldset>
  );
}
