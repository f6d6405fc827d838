import "@mantine/core/styles.css";
import "./shell/shell.css";
import "./i18n";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { ApiError } from "./api/client";
import { captureInstallPrompt } from "./shell/install";
import { registerServiceWorker } from "./shell/service-worker";

captureInstallPrompt();
registerServiceWorker();

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

// <html data-busy> counts the queries fetching and the mutations running (data-busy-keys names
// the queries): browser tests wait for the screen's own data, as in the admin.
function markBusy(): void {
  const fetching = queryClient.getQueryCache().findAll({ fetchStatus: "fetching" });
  document.documentElement.dataset.busy = String(fetching.length + queryClient.isMutating());
  document.documentElement.dataset.busyKeys = fetching.map((q) => JSON.stringify(q.queryKey)).join(" ");
}
queryClient.getQueryCache().subscribe(markBusy);
queryClient.getMutationCache().subscribe(markBusy);
markBusy();

const root = document.getElementById("root");
if (!root) throw new Error("#root missing");
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
