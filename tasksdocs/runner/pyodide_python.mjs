// `python SCRIPT [ARGS...]` for CPython 3.14 compiled to WebAssembly (Pyodide), under Node:
//
//   node pyodide_python.mjs SCRIPT [ARGS...]
//
// It behaves like a plain `python SCRIPT` run, so the build treats it as one more
// interpreter. Its Python half, `pyodide_main.py`, runs SCRIPT as `__main__` (same
// sys.argv, sys.path[0] and __file__) on CPython's own event loop; here, stdout and stderr
// bytes go straight to this process's, and the exit status is the script's. The working
// directory and SCRIPT's folder are the host's own, mounted at the same paths, so files and
// tracebacks name the paths a native run would. The environment is passed on, except
// PYTHON* variables and the build's TASKSDOCS_STARTED_FD.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const indexURL = path.join(here, "..", "..", "node_modules", "pyodide") + path.sep;

const [script, ...args] = process.argv.slice(2);
if (!script) {
  process.stderr.write("usage: pyodide_python.mjs SCRIPT [ARGS...] | --prepare\n");
  process.exit(2);
}
if (!fs.existsSync(path.join(indexURL, "pyodide.mjs"))) {
  process.stderr.write(`Pyodide is not installed at ${indexURL}; run: npm ci\n`);
  process.exit(2);
}
const { loadPyodide } = await import(path.join(indexURL, "pyodide.mjs"));

function writer(fd) {
  return { isatty: false, write: (bytes) => fs.writeSync(fd, bytes) };
}

// Starting CPython takes about 1.7 s of CPU; resuming a memory snapshot of a started one
// takes about 0.3 s. The first run makes the snapshot and later runs share it.
// `--prepare` makes the snapshot and exits, so that no timed run pays for making it.
async function startedPython() {
  const { version } = JSON.parse(fs.readFileSync(path.join(indexURL, "package.json"), "utf8"));
  const snapshot = path.join(indexURL, "..", ".cache", `tasksdocs-pyodide-${version}.snapshot`);
  if (!fs.existsSync(snapshot)) {
    const fresh = await loadPyodide({ indexURL, _makeSnapshot: true });
    const temporary = `${snapshot}.${process.pid}`;
    fs.mkdirSync(path.dirname(snapshot), { recursive: true });
    fs.writeFileSync(temporary, fresh.makeMemorySnapshot());
    fs.renameSync(temporary, snapshot); // whole or absent, for runs that start meanwhile
  }
  if (script === "--prepare") process.exit(0);
  return loadPyodide({ indexURL, _loadSnapshot: fs.readFileSync(snapshot) });
}

const py = await startedPython();
py.setStdout(writer(1));
py.setStderr(writer(2));

const cwd = process.cwd();
const scriptPath = path.resolve(cwd, script);
for (const folder of new Set([cwd, path.dirname(scriptPath)])) {
  py.FS.mkdirTree(folder);
  py.FS.mount(py.FS.filesystems.NODEFS, { root: folder }, folder);
}

const main = py.runPython(
  fs.readFileSync(path.join(here, "pyodide_main.py"), "utf8") + "\nmain",
  { globals: py.toPy({ __name__: "tasksdocs_pyodide_main" }) },
);
const cell = new Int32Array(new SharedArrayBuffer(4));
const block = (seconds) => Atomics.wait(cell, 0, 0, seconds * 1000); // sleeps, no spinning
const environment = Object.fromEntries(
  Object.entries(process.env).filter(
    ([name]) => !name.startsWith("PYTHON") && name !== "TASKSDOCS_STARTED_FD",
  ),
);
// The build's time limit is for the program, not for resuming the snapshot: say, with one
// byte, that the program starts now (see "Time limit" in process.py).
const startedFd = Number(process.env.TASKSDOCS_STARTED_FD);
if (Number.isInteger(startedFd) && startedFd > 2) {
  fs.writeSync(startedFd, "1");
  fs.closeSync(startedFd);
}
try {
  process.exitCode = main(scriptPath, py.toPy([script, ...args]), cwd, py.toPy(environment), block);
} catch (error) {
  // os._exit(N) ends the WebAssembly program by throwing its status; anything else thrown
  // is a fault of the runtime. Either way, report it in one line, not Node's dump of the
  // minified line it came from.
  if (error?.name === "Exit" && Number.isInteger(error.status)) process.exit(error.status);
  process.stderr.write(`pyodide_python.mjs: ${error?.message ?? error}\n`);
  process.exit(1);
}
