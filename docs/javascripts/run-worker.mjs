// Runs one example at a time on CPython 3.14 compiled to WebAssembly (Pyodide), loaded from
// this site. The page (run.js) sends {source, name}; this worker answers with each printed
// line as it is printed, then how the run ended and its task timeline.
//
// It runs the file the way the site's build does: tasksdocs/traced.py runs it as __main__
// (with the recorder watching the event loop), on CPython's own event loop
// (pyodide_main.py), and each wait suspends WebAssembly on a JavaScript timer (JSPI).
const site = new URL("../", import.meta.url);
const RUNNER = ["pyodide_main.py", "traced.py", "recorder.py", "timeline.py"];
const HOME = "/home/pyodide";
let python;
let shown; // a printed line with its paths as the page shows them (tasksdocs/pythons.py)

async function start() {
  const { loadPyodide } = await import(new URL("pyodide/pyodide.mjs", site).href);
  const py = await loadPyodide({ indexURL: new URL("pyodide/", site).href });
  py.FS.mkdirTree(`${HOME}/runner`);
  py.FS.mkdirTree(`${HOME}/snippets`);
  await Promise.all(RUNNER.map(async (name) => {
    const response = await fetch(new URL(`runner/${name}`, site));
    py.FS.writeFile(`${HOME}/runner/${name}`, await response.text());
  }));
  py.runPython(`import sys; sys.path.insert(0, "${HOME}/runner")`);
  const [major, minor] = py.runPython("sys.version_info[:2]").toJs();
  const stdlib = `/lib/python${major}${minor}.zip/`;
  shown = (text) => text.replaceAll(`${HOME}/`, "")
    .replaceAll(stdlib, `<python>/lib/python${major}.${minor}/`);
  return py;
}

self.onmessage = async ({ data: { source, name } }) => {
  try {
    python ??= await start();
    const started = performance.now();
    const since = () => (performance.now() - started) / 1000;
    const emit = (stream) => (text) =>
      self.postMessage({ kind: "line", stream, text: shown(text), at: since() });
    python.setStdout({ batched: emit("stdout") });
    python.setStderr({ batched: emit("stderr") });
    const script = `${HOME}/snippets/${name}.py`;
    python.FS.writeFile(script, source);
    const recording = `${HOME}/recording.json`;
    const run = python.pyimport("pyodide_main").main;
    const wait = (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const status = await run.callPromising(
      `${HOME}/runner/traced.py`,
      python.toPy(["traced.py", `snippets/${name}.py`, "600", recording]),
      HOME, python.toPy({}), undefined, wait);
    const figure = python.pyimport("timeline").browser_figure(recording, `Task timeline of your run of ${name}.py`);
    self.postMessage({ kind: "done", status, seconds: since(), figure });
  } catch (error) {
    self.postMessage({ kind: "failed", message: String(error?.message ?? error) });
  }
};
self.postMessage({ kind: "listening" }); // a message posted before this point could be lost
