import {
  Alert,
  Button,
  FileInput,
  Group,
  List,
  Modal,
  NumberInput,
  ScrollArea,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertTriangle, IconCheck, IconFileTypeCsv } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, unwrap } from "../../api/client";
import { queryKeys } from "../../api/query-keys";
import { DateTimeField } from "../../components/DateFields";
import { errorMessage, fieldLabel, fieldMessage, notifySaved, showFormError } from "../../components/feedback";
import { formatNumber, fromLocalInput } from "../../format";

interface PoolValues {
  name: string;
  lowThreshold: number | string;
}

/** A new code pool: a name and when to warn that codes run low. */
export function VoucherPoolModal({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<PoolValues>({
    initialValues: { name: "", lowThreshold: 10 },
    validate: {
      name: (v) => (v.trim() ? null : t("validation.required")),
      lowThreshold: (v) => (v !== "" && Number(v) >= 0 ? null : t("validation.required")),
    },
  });
  const save = useMutation({
    mutationFn: (v: PoolValues) =>
      unwrap(api.POST("/api/v1/voucher-pools", { body: { name: v.name.trim(), lowThreshold: Number(v.lowThreshold) } })),
    onSuccess: (pool) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.voucherPools.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.rewards.all });
      notifySaved(t, t("rewards.pools.createdMessage", { name: pool.name }));
      form.reset();
      onClose();
      onCreated(pool.id);
    },
    onError: (err) => showFormError(t, form, err),
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t("rewards.pools.createTitle")}>
      <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
        <Stack>
          <TextInput label={t("rewards.pools.name")} withAsterisk data-autofocus maxLength={120} {...form.getInputProps("name")} />
          <NumberInput
            label={t("rewards.pools.lowThreshold")}
            description={t("rewards.pools.lowThresholdHelp")}
            min={0}
            allowDecimal={false}
            {...form.getInputProps("lowThreshold")}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t("common.create")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

interface ImportResult {
  imported: number;
  alreadyInPool: number;
  duplicatesInFile: string[];
  skipped: { line: number; reason: "header" | "blank" | "duplicate_in_file" | "already_in_pool" }[];
}

/** Import codes from a CSV file (or pasted text): `code[,expires_at]` per line. */
export function ImportCodesModal({ poolId, opened, onClose }: { poolId: string; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [csv, setCsv] = useState("");
  const [result, setResult] = useState<ImportResult | null>(null);
  const [problem, setProblem] = useState<{ message: string; lines: string[] } | null>(null);

  const close = () => {
    setFile(null);
    setCsv("");
    setResult(null);
    setProblem(null);
    onClose();
  };
  const pick = async (f: File | null) => {
    setFile(f);
    setProblem(null);
    setResult(null);
    setCsv(f ? await f.text() : "");
  };
  const run = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/voucher-pools/{id}/import", { params: { path: { id: poolId } }, body: { csv } })),
    onSuccess: (r) => {
      setResult(r);
      setProblem(null);
      void queryClient.invalidateQueries({ queryKey: queryKeys.voucherPools.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.rewards.all });
      notifySaved(t, t("rewards.pools.importedMessage", { count: r.imported, formatted: formatNumber(r.imported) }));
    },
    onError: (err) => {
      setResult(null);
      if (err instanceof ApiError && err.details.length > 0) {
        const message = err.code === "conflict" ? t("rewards.pools.importConflict") : t("rewards.pools.importInvalid");
        setProblem({
          message,
          lines: err.details.map((d) =>
            d.path.startsWith("csv.") ? `${fieldLabel(t, d.path)}: ${fieldMessage(t, d)}` : fieldMessage(t, d),
          ),
        });
      } else setProblem({ message: errorMessage(t, err), lines: [] });
    },
  });
  const lineCount = csv.split(/\r?\n/).filter((l) => l.trim()).length;

  return (
    <Modal opened={opened} onClose={close} title={t("rewards.pools.importTitle")} size="lg">
      <Stack>
        <Text size="sm" c="dimmed">
          {t("rewards.pools.importHelp")}
        </Text>
        <FileInput
          label={t("rewards.pools.csvFile")}
          placeholder={t("rewards.pools.chooseFile")}
          accept=".csv,text/csv,text/plain"
          leftSection={<IconFileTypeCsv size={18} />}
          clearable
          value={file}
          onChange={(f) => void pick(f)}
        />
        <Textarea
          label={t("rewards.pools.csvText")}
          description={lineCount > 0 ? t("rewards.pools.lines", { count: lineCount, formatted: formatNumber(lineCount) }) : undefined}
          placeholder={"code,expires_at\nKAWA-AB12CD,2026-12-31"}
          autosize
          minRows={4}
          maxRows={10}
          ff="monospace"
          value={csv}
          onChange={(e) => {
            setCsv(e.currentTarget.value);
            setProblem(null);
            setResult(null);
          }}
        />
        {problem && (
          <Alert color="red" icon={<IconAlertTriangle />} title={problem.message} data-testid="import-problem">
            {problem.lines.length > 0 && (
              <ScrollArea.Autosize mah={180}>
                <List size="sm" spacing={2}>
                  {problem.lines.map((line) => (
                    <List.Item key={line}>{line}</List.Item>
                  ))}
                </List>
              </ScrollArea.Autosize>
            )}
          </Alert>
        )}
        {result && (
          <Alert color="green" icon={<IconCheck />} title={t("rewards.pools.importDone")} data-testid="import-result">
            <Stack gap={2}>
              <Text size="sm">{t("rewards.pools.imported", { count: result.imported, formatted: formatNumber(result.imported) })}</Text>
              <Text size="sm">
                {t("rewards.pools.alreadyInPool", { count: result.alreadyInPool, formatted: formatNumber(result.alreadyInPool) })}
              </Text>
              {result.duplicatesInFile.length > 0 && (
                <Text size="sm">{t("rewards.pools.duplicates", { codes: result.duplicatesInFile.join(", ") })}</Text>
              )}
              {result.skipped.length > 0 && (
                <>
                  <Text size="sm">
                    {t("rewards.pools.skipped", { count: result.skipped.length, formatted: formatNumber(result.skipped.length) })}
                  </Text>
                  <ScrollArea.Autosize mah={140}>
                    <List size="sm" spacing={2} data-testid="import-skipped">
                      {result.skipped.map((s) => (
                        <List.Item key={s.line}>
                          {t("rewards.pools.skippedLine", { line: s.line, reason: t(`rewards.pools.skipReason.${s.reason}`) })}
                        </List.Item>
                      ))}
                    </List>
                  </ScrollArea.Autosize>
                </>
              )}
            </Stack>
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {result ? t("common.close") : t("common.cancel")}
          </Button>
          {!result && (
            <Button onClick={() => run.mutate()} loading={run.isPending} disabled={!csv.trim()}>
              {t("rewards.pools.importSubmit")}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}

interface GenerateValues {
  count: number | string;
  prefix: string;
  length: number | string;
  expiresAt: string;
}

/** Generate N random codes (no look-alike characters). */
export function GenerateCodesModal({ poolId, opened, onClose }: { poolId: string; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<GenerateValues>({
    initialValues: { count: 100, prefix: "", length: 10, expiresAt: "" },
    validate: {
      count: (v) => (Number(v) >= 1 ? null : t("validation.required")),
      length: (v) => (Number(v) >= 6 && Number(v) <= 20 ? null : t("rewards.pools.lengthInvalid")),
      prefix: (v) => (/^[A-Z0-9]{0,10}$/.test(v.trim().toUpperCase()) ? null : t("rewards.pools.prefixInvalid")),
    },
  });
  const run = useMutation({
    mutationFn: (v: GenerateValues) =>
      unwrap(
        api.POST("/api/v1/voucher-pools/{id}/generate", {
          params: { path: { id: poolId } },
          body: {
            count: Number(v.count),
            prefix: v.prefix.trim().toUpperCase(),
            length: Number(v.length),
            expiresAt: fromLocalInput(v.expiresAt),
          },
        }),
      ),
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.voucherPools.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.rewards.all });
      notifySaved(t, t("rewards.pools.generatedMessage", { count: r.generated, formatted: formatNumber(r.generated) }));
      form.reset();
      onClose();
    },
    onError: (err) => showFormError(t, form, err),
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t("rewards.pools.generateTitle")}>
      <form onSubmit={form.onSubmit((v) => run.mutate(v))} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            {t("rewards.pools.generateHelp")}
          </Text>
          <SimpleGrid cols={2}>
            <NumberInput
              label={t("rewards.pools.count")}
              withAsterisk
              min={1}
              max={100000}
              allowDecimal={false}
              data-autofocus
              {...form.getInputProps("count")}
            />
            <NumberInput label={t("rewards.pools.length")} min={6} max={20} allowDecimal={false} {...form.getInputProps("length")} />
          </SimpleGrid>
          <TextInput label={t("rewards.pools.prefix")} placeholder="KAWA" maxLength={10} {...form.getInputProps("prefix")} />
          <DateTimeField
            label={t("rewards.pools.expiresAt")}
            value={form.getValues().expiresAt}
            onChange={(value) => form.setFieldValue("expiresAt", value)}
            error={form.errors.expiresAt}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={run.isPending}>
              {t("rewards.pools.generateSubmit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
