// Runs one example at a time on CPython 3.14 compiled to WebAssembly (Pyodide), loaded from
// this site. The page (run.js) sends {source, name}; this worker answers with its loading
// progress, each printed line as it is printed (stdout lines stamped with the loop time since
// asyncio.run started, as the page's timed output is), then how the run ended and its task
// timeline.
//
// It runs the file the way the site's build does: tasksdocs/runner/traced.py runs it as __main__
// (with the recorder watching the event loop), on CPython's own event loop
// (pyodide_main.py), and each wait suspends WebAssembly on a JavaScript timer (JSPI).
// runner/manifest.json, written by the build (tasksdocs/mkdocs/browser.py), declares the
// files, the traced run's timeout, the folder runs are made in (home), and how output shows
// paths and characters a page cannot show (shown: the build's own rule, Interpreter.output_rule
// in tasksdocs/engine/pythons.py, as [text, shown as] pairs).
const site = new URL("../", import.meta.url);
let started; // the first Run's work, shared by later runs: see startedPython
const manifest = fetch(new URL("runner/manifest.json", site)).then((r) => r.json());
const shown = (text, rules) => rules.shown.reduce((t, [from, as]) => t.replaceAll(from, as), text);
// every string in parsed JSON, as pythons.shown_in does for the build's recordings
const shownIn = (value, rules) =>
  typeof value === "string" ? shown(value, rules)
  : Array.isArray(value) ? value.map((item) => shownIn(item, rules))
  : value && typeof value === "object"
    ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shownIn(v, rules)]))
  : value;

// Pyodide downloads its files (the 9.6 MB WebAssembly file among them) for every
// interpreter it starts, and a browser's cache may not keep a file that large: the worker
// keeps the first download of each. While the first Run loads them, it reports progress.
const PYODIDE = new URL("pyodide/", site).href;
const download = globalThis.fetch;
const kept = new Map(); // url -> promise of its bytes
const loaded = new Map(); // url -> bytes so far, while the first Run loads Python
let total = 0; // bytes the first Run loads; 0 once loaded
let lastReported = 0;

async function counted(url) {
  const response = await download(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const reader = response.body.getReader();
  const chunks = [];
  for (let part = await reader.read(); !part.done; part = await reader.read()) {
    chunks.push(part.value);
    loaded.set(url, (loaded.get(url) ?? 0) + part.value.byteLength);
    progress();
  }
  const type = url.endsWith(".wasm") ? "application/wasm" // what WebAssembly streaming needs
    : response.headers.get("Content-Type");
  return { bytes: await new Blob(chunks).arrayBuffer(), type };
}

function progress() {
  const bytes = [...loaded.values()].reduce((a, b) => a + b, 0);
  if (total === 0 || (bytes - lastReported < 250_000 && bytes < total)) return;
  lastReported = bytes; // a message per 250 kB
  self.postMessage({ kind: "loading", bytes, total });
}

globalThis.fetch = async (resource, options) => {
  const url = String(resource);
  if (!url.startsWith(PYODIDE)) return download(resource, options);
  if (!kept.has(url)) {
    kept.set(url, counted(url).catch((error) => {
      kept.delete(url); // the next Run tries again
      throw error;
    }));
  }
  const { bytes, type } = await kept.get(url);
  return new Response(bytes, { headers: { "Content-Type": type ?? "application/octet-stream" } });
};

// Every run gets an interpreter of its own, as `python file.py` does: nothing one run
// changes (task names counted, modules patched) reaches the next. The first Run starts
// CPython and keeps a memory snapshot of it; each run resumes a copy of that snapshot.
async function startedPython() {
  const { files } = await manifest;
  total = Object.entries(files).filter(([path]) => path.startsWith("pyodide/")
    && !path.endsWith(".mjs")).reduce((sum, [, size]) => sum + size, 0);
  const { loadPyodide } = await import(new URL("pyodide/pyodide.mjs", site).href);
  const indexURL = new URL("pyodide/", site).href;
  const first = await loadPyodide({ indexURL, _makeSnapshot: true });
  const snapshot = first.makeMemorySnapshot();
  const runner = await Promise.all(Object.keys(files).filter((p) => p.startsWith("runner/"))
    .map(async (path) => [path, await (await download(new URL(path, site))).text()]));
  total = 0; // loaded: later interpreters read the same files again, and say nothing
  self.postMessage({ kind: "ready" });
  return { loadPyodide, indexURL, snapshot, runner };
}

async function freshPython() {
  started ??= startedPython().catch((error) => {
    started = undefined; // the next Run tries again
    throw error;
  });
  const { loadPyodide, indexURL, snapshot, runner } = await started;
  const py = await loadPyodide({ indexURL, _loadSnapshot: snapshot });
  const { home } = await manifest;
  py.FS.mkdirTree(`${home}/runner`);
  py.FS.mkdirTree(`${home}/snippets`);
  for (const [path, text] of runner) py.FS.writeFile(`${home}/${path}`, text);
  py.runPython(`import sys; sys.path.insert(0, "${home}/runner")`);
  return py;
}

// A stream's writer for Pyodide that hands each line to `line`, decoded as the build
// decodes a run's output (process.py: UTF-8 with replacement, "\r\n" as "\n", and no more
// than `cap` bytes kept, so that a flood cannot freeze the page). Pyodide's own line
// handler ("batched") drops NUL characters, which the build shows.
function lines(line, cap) {
  const decoder = new TextDecoder("utf-8");
  let partial = "";
  let kept = 0;
  let dropped = 0;
  const each = (text) => line(text.endsWith("\r") ? text.slice(0, -1) : text);
  return {
    write(buffer) {
      const room = Math.max(0, cap - kept);
      dropped += Math.max(0, buffer.length - room);
      kept += Math.min(buffer.length, room);
      partial += decoder.decode(buffer.subarray(0, room), { stream: true });
      for (let end; (end = partial.indexOf("\n")) >= 0; partial = partial.slice(end + 1)) {
        each(partial.slice(0, end));
      }
      return buffer.length;
    },
    flush() { // what was printed without a newline at the end; how much was dropped
      partial += decoder.decode();
      if (partial) each(partial);
      partial = "";
      return dropped;
    },
  };
}

self.onmessage = async ({ data: { source, name } }) => {
  try {
    const python = await freshPython();
    const rules = await manifest;
    const { timeout, home } = rules;
    // each stdout line gets the loop time the recorder stamped it with, in print order
    const stamps = [];
    let last = 0;
    python.pyimport("recorder").PRINT_LISTENERS.append((at) => stamps.push(at));
    const stdout = lines((text) => {
      last = stamps.shift() ?? last;
      self.postMessage({ kind: "line", stream: "stdout", text: shown(text, rules), at: last });
    }, rules.output_cap);
    const stderr = lines((text) =>
      self.postMessage({ kind: "line", stream: "stderr", text: shown(text, rules) }),
    rules.output_cap);
    python.setStdout(stdout);
    python.setStderr(stderr);
    const script = `${home}/snippets/${name}.py`;
    python.FS.writeFile(script, source);
    const recording = `${home}/recording.json`;
    const run = python.pyimport("pyodide_main").main;
    const wait = (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const status = await run.callPromising(
      `${home}/runner/traced.py`,
      python.toPy(["traced.py", `snippets/${name}.py`, String(timeout), recording]),
      home, python.toPy({}), undefined, wait);
    for (const [stream, writer] of [["stdout", stdout], ["stderr", stderr]]) {
      const dropped = writer.flush(); // the build's note, word for word (execution.py)
      if (dropped) {
        self.postMessage({ kind: "note", text: `${stream} truncated after ` +
          `${rules.output_cap.toLocaleString("en")} bytes (${dropped.toLocaleString("en")} ` +
          "more bytes not shown)" });
      }
    }
    if (python.FS.analyzePath(recording).exists) {
      const recorded = JSON.parse(python.FS.readFile(recording, { encoding: "utf8" }));
      python.FS.writeFile(recording, JSON.stringify(shownIn(recorded, rules)));
    }
    const figure = python.pyimport("replay").browser_figure(
      recording, `Task timeline of your run of ${name}.py`, source, name);
    self.postMessage({ kind: "done", status, figure });
  } catch (error) {
    self.postMessage({ kind: "failed", message: String(error?.message ?? error) });
  }
};
self.postMessage({ kind: "listening" }); // a message posted before this point could be lost
