import { Button, Modal } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { ChangePasswordForm } from "./ChangePasswordForm";
import { notifySaved } from "./feedback";

export function ChangePasswordModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t("shell.changePassword")}>
      <ChangePasswordForm
        info={t("account.passwordChangeInfo")}
        submitLabel={t("common.save")}
        secondary={
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
        }
        onChanged={() => {
          notifySaved(t, t("account.passwordChanged"));
          onClose();
        }}
      />
    </Modal>
  );
}
