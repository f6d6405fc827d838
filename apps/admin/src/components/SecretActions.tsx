import { Button } from "@mantine/core";
import { IconEye, IconEyeOff, IconRefresh } from "@tabler/icons-react";

/**
 * The buttons beside a stored secret (the widget's token secret, a webhook endpoint's signing
 * secret, an e-shop connection's secret): show or hide it, and rotate it (the caller asks first).
 */
export function SecretActions(props: {
  shown: boolean;
  onShow: () => void;
  onHide: () => void;
  showing: boolean;
  onRotate: () => void;
  rotating: boolean;
  labels: { show: string; hide: string; rotate: string };
}) {
  return (
    <>
      {props.shown ? (
        <Button size="xs" variant="default" leftSection={<IconEyeOff size={14} />} onClick={props.onHide}>
          {props.labels.hide}
        </Button>
      ) : (
        <Button size="xs" variant="light" leftSection={<IconEye size={14} />} loading={props.showing} onClick={props.onShow}>
          {props.labels.show}
        </Button>
      )}
      <Button size="xs" variant="default" leftSection={<IconRefresh size={14} />} loading={props.rotating} onClick={props.onRotate}>
        {props.labels.rotate}
      </Button>
    </>
  );
}
