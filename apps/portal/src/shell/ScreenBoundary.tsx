import { Component, type ReactNode } from "react";
import { ErrorState } from "./ErrorState";

/**
 * A screen that throws while rendering (or whose lazy chunk cannot load, e.g. offline before it
 * was ever cached) shows the error state inside the shell instead of blanking the whole app.
 * `resetKey` (the address) clears it when the member navigates elsewhere.
 */
export class ScreenBoundary extends Component<{ resetKey: string; children: ReactNode }, { failedAt: string | null }> {
  override state = { failedAt: null as string | null };

  static getDerivedStateFromError(): Partial<{ failedAt: string | null }> {
    return { failedAt: "" };
  }

  override componentDidCatch(): void {
    this.setState({ failedAt: this.props.resetKey });
  }

  override render(): ReactNode {
    const { failedAt } = this.state;
    if (failedAt !== null && (failedAt === "" || failedAt === this.props.resetKey)) {
      return <ErrorState onRetry={() => window.location.reload()} />;
    }
    return this.props.children;
  }
}
