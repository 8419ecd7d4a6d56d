// What `node esbuild.mjs --watch` prints, for the background problem matcher of .vscode/tasks.json: one
// "[watch] build started" / "[watch] build finished" pair around every rebuild of any of the bundles (one
// plugin object is shared by all of them), and between them each error or warning on two consecutive lines,
// "✘ [ERROR] message" and "    file:line:column:". esbuild's own report puts a blank line between those two,
// which a multi-line problem matcher cannot skip; esbuild.mjs silences it in watch mode.
export const WATCH_STARTED = '[watch] build started';
export const WATCH_FINISHED = '[watch] build finished';

/** @returns {import('esbuild').Plugin} */
export function watchReporter(log = console.log) {
  let running = 0;
  /** @param {import('esbuild').Message} message @param {string} mark */
  const report = (message, mark) => {
    log(mark + message.text);
    if (message.location) log(`    ${message.location.file}:${message.location.line}:${message.location.column + 1}:`);
  };
  return {
    name: 'watch-reporter',
    setup(build) {
      build.onStart(() => {
        if (running++ === 0) log(WATCH_STARTED);
      });
      build.onEnd((result) => {
        for (const error of result.errors) report(error, '✘ [ERROR] ');
        for (const warning of result.warnings) report(warning, '▲ [WARNING] ');
        if (--running === 0) log(WATCH_FINISHED);
      });
    },
  };
}
