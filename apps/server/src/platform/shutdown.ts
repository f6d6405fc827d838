/**
 * Graceful shutdown on SIGTERM/SIGINT: the steps run in order (stop taking requests and let those
 * in flight finish, stop the worker after its current pass and jobs, close the database), then the
 * process exits 0. A second signal, or steps that outlast timeoutMs, force the exit (code 1): an
 * orchestrator that waited long enough gets the process back, and the database keeps only
 * committed work either way. Returns a function that removes the handlers (tests).
 */
export function exitGracefullyOnSignals(opts: {
  steps: { name: string; run(): Promise<unknown> }[];
  timeoutMs: number;
  log: { info(msg: string): void; error(msg: string, err?: unknown): void };
  exit?: (code: number) => void;
  /** Where the signals come from: the process, or an emitter in tests. */
  signals?: Pick<NodeJS.EventEmitter, "on" | "off">;
}): () => void {
  const signals = opts.signals ?? process;
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      opts.log.error(`${signal} again: exiting without waiting for the shutdown to finish.`);
      exit(1);
      return;
    }
    stopping = true;
    opts.log.info(`${signal}: finishing requests in flight and the worker's current work, then exiting.`);
    const timer = setTimeout(() => {
      opts.log.error(`Shutdown took longer than ${opts.timeoutMs} ms: exiting without waiting.`);
      exit(1);
    }, opts.timeoutMs);
    timer.unref();
    void (async () => {
      let code = 0;
      for (const step of opts.steps) {
        try {
          await step.run();
        } catch (err) {
          opts.log.error(`Shutdown step "${step.name}" failed`, err);
          code = 1;
        }
      }
      clearTimeout(timer);
      exit(code);
    })();
  };
  signals.on("SIGTERM", onSignal);
  signals.on("SIGINT", onSignal);
  return () => {
    signals.off("SIGTERM", onSignal);
    signals.off("SIGINT", onSignal);
  };
}
