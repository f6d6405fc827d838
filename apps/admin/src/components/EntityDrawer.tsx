import { Drawer, Stack, Text } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import { type QueryKey, useMutation, useQueryClient } from "@tanstack/react-query";
import type { FormEvent, ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { FormActions } from "./FormActions";
import { notifySaved, showFormError } from "./feedback";

/**
 * The save of an entity form: calls the API, invalidates what it changed, confirms with a
 * notification, and puts the API's field errors next to their inputs (the form keeps its values).
 */
export function useSaveForm<Values, Saved>({
  form,
  save,
  invalidate,
  savedMessage,
  onSaved,
  mapPath,
}: {
  form: UseFormReturnType<Values>;
  save: (values: Values) => Promise<Saved>;
  invalidate: QueryKey[];
  savedMessage?: (saved: Saved) => string;
  onSaved?: (saved: Saved) => void;
  mapPath?: (path: string) => string;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: save,
    onSuccess: (saved) => {
      for (const queryKey of invalidate) void queryClient.invalidateQueries({ queryKey });
      notifySaved(t, savedMessage?.(saved));
      onSaved?.(saved);
    },
    onError: (err) => showFormError(t, form, err, mapPath),
  });
  return {
    saving: mutation.isPending,
    onSubmit: form.onSubmit((values) => mutation.mutate(values as Values)) as (event?: FormEvent<HTMLFormElement>) => void,
    mutation,
  };
}

/** A drawer with an entity's form: title, fields, and the cancel/save footer. */
export function EntityDrawer({
  opened,
  onClose,
  title,
  onSubmit,
  saving,
  submitLabel,
  size = "lg",
  children,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  onSubmit: (event?: FormEvent<HTMLFormElement>) => void;
  saving: boolean;
  submitLabel?: string;
  size?: string;
  children: ReactNode;
}) {
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      size={size}
      title={
        <Text fw={700} size="lg" component="h2">
          {title}
        </Text>
      }
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          {children}
          <FormActions onCancel={onClose} loading={saving} submitLabel={submitLabel} />
        </Stack>
      </form>
    </Drawer>
  );
}
