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
let started; // the first Run's work, shared by later runs: see startedPython
let shown; // a printed line with its paths as the page shows them (tasksdocs/pythons.py)

// Pyodide downloads its WebAssembly file (about 9 MB) for every interpreter it starts, and
// a browser's cache may not keep a file that large: the worker keeps the first download.
const WASM = new URL("pyodide/pyodide.asm.wasm", site).href;
const download = globalThis.fetch;
let wasm;
globalThis.fetch = async (resource, options) => {
  if (String(resource) !== WASM) return download(resource, options);
  wasm ??= download(resource, options).then((response) => {
    if (!response.ok) throw new Error(`${WASM}: HTTP ${response.status}`);
    return response.arrayBuffer();
  }).catch((error) => {
    wasm = undefined; // the next Run tries again
    throw error;
  });
  return new Response(await wasm, { headers: { "Content-Type": "application/wasm" } });
};

// Every run gets an interpreter of its own, as `python file.py` does: nothing one run
// changes (task names counted, modules patched) reaches the next. The first Run starts
// CPython and keeps a memory snapshot of it; each run resumes a copy of that snapshot.
async function startedPython() {
  const { loadPyodide } = await import(new URL("pyodide/pyodide.mjs", site).href);
  const indexURL = new URL("pyodide/", site).href;
  const first = await loadPyodide({ indexURL, _makeSnapshot: true });
  const snapshot = first.makeMemorySnapshot();
  const runner = await Promise.all(RUNNER.map(async (name) => {
    const response = await fetch(new URL(`runner/${name}`, site));
    return [name, await response.text()];
  }));
  return { loadPyodide, indexURL, snapshot, runner };
}

async function freshPython() {
  started ??= startedPython().catch((error) => {
    started = undefined; // the next Run tries again
    throw error;
  });
  const { loadPyodide, indexURL, snapshot, runner } = await started;
  const py = await loadPyodide({ indexURL, _loadSnapshot: snapshot });
  py.FS.mkdirTree(`${HOME}/runner`);
  py.FS.mkdirTree(`${HOME}/snippets`);
  for (const [name, text] of runner) py.FS.writeFile(`${HOME}/runner/${name}`, text);
  py.runPython(`import sys; sys.path.insert(0, "${HOME}/runner")`);
  if (!shown) { // the same for every run: each resumes the same interpreter
    const [major, minor] = py.runPython("sys.version_info[:2]").toJs();
    const stdlib = `/lib/python${major}${minor}.zip/`;
    shown = (text) => text.replaceAll(`${HOME}/`, "")
      .replaceAll(stdlib, `<python>/lib/python${major}.${minor}/`);
  }
  return py;
}

self.onmessage = async ({ data: { source, name } }) => {
  try {
    const python = await freshPython();
    const begun = performance.now();
    const since = () => (performance.now() - begun) / 1000;
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
