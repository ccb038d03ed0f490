// Run, edit and reset the examples in the reader's browser. Nothing heavy loads until the
// first Run: then a worker (run-worker.mjs) loads Python from this site, and later runs
// reuse the download (each run still gets a fresh interpreter). Stop ends the worker, so
// even a program that never yields stops at once.
(() => {
  let worker = null;
  let current = null; // the block whose run is in progress

  const make = (tag, props = {}, text = "") => {
    const node = Object.assign(document.createElement(tag), props);
    if (text) node.textContent = text;
    return node;
  };

  const scriptUrl = document.currentScript.src; // only known while this file first runs
  let listening = null; // resolves once the worker can take a message
  function startWorker() {
    worker = new Worker(new URL("run-worker.mjs", scriptUrl), { type: "module" });
    listening = new Promise((resolve) => {
      worker.onmessage = ({ data }) => data.kind === "listening" ? resolve() : current?.receive(data);
    });
    worker.onerror = (event) => current?.receive({ kind: "failed", message: event.message });
  }

  function setUp(block) {
    if (block.dataset.runReady) return;
    block.dataset.runReady = "yes";
    const name = block.dataset.block;
    const download = block.querySelector(".snippet-download a");
    if (block.dataset.run === "no") {
      const note = make("p", { className: "run-limit" },
        `${block.dataset.runWhy} Download it and run it with python on your machine.`);
      block.insertBefore(note, block.querySelector(".snippet-download"));
      return;
    }
    const code = block.querySelector(".tabbed-block .highlight");
    const tools = make("div", { className: "run-tools" });
    const run = make("button", { type: "button" }, "Run in your browser");
    const stop = make("button", { type: "button", disabled: true }, "Stop");
    const edit = make("button", { type: "button" }, "Edit");
    const reset = make("button", { type: "button", hidden: true }, "Reset");
    const status = make("p", { className: "run-status" });
    status.setAttribute("aria-live", "polite");
    const output = make("pre", { className: "run-output", hidden: true });
    output.setAttribute("role", "log"); // a polite live region: each new line is announced
    output.setAttribute("aria-label", `Output of your run of ${name}.py`);
    const pictures = make("div", { className: "run-timeline" });
    const editor = make("textarea", { className: "run-editor", hidden: true, spellcheck: false });
    editor.setAttribute("aria-label", `Source of ${name}.py, editable`);
    tools.append(run, stop, edit, reset);
    block.insertBefore(tools, download?.parentElement ?? null);
    tools.after(status, output, pictures);
    code?.after(editor);
    let original = null;
    const source = async () => {
      original ??= await (await fetch(download.href)).text();
      return editor.hidden ? original : editor.value;
    };

    edit.addEventListener("click", async () => {
      editor.value = editor.value || await source();
      editor.hidden = false;
      if (code) code.hidden = true;
      editor.rows = editor.value.split("\n").length + 1;
      edit.hidden = true;
      reset.hidden = false;
      editor.focus();
    });
    reset.addEventListener("click", async () => {
      editor.value = original ?? await source();
      status.textContent = "The file is back as published.";
    });
    editor.addEventListener("keydown", (event) => {
      if (event.key === "Tab" && !event.shiftKey && !event.ctrlKey && !event.altKey) {
        event.preventDefault(); // four spaces; Escape, then Tab, leaves the editor
        editor.setRangeText("    ", editor.selectionStart, editor.selectionEnd, "end");
      } else if (event.key === "Escape") {
        event.preventDefault();
        editor.blur();
      } else if (event.key === "Enter") {
        event.preventDefault(); // keep the indentation of the line above
        const before = editor.value.slice(0, editor.selectionStart);
        const indent = before.slice(before.lastIndexOf("\n") + 1).match(/^\s*/)[0];
        const extra = before.trimEnd().endsWith(":") ? "    " : "";
        editor.setRangeText(`\n${indent}${extra}`, editor.selectionStart, editor.selectionEnd, "end");
      }
    });

    const finish = (text) => {
      status.textContent = text;
      run.disabled = false;
      stop.disabled = true;
      current = null;
    };
    const receive = (data) => {
      if (data.kind === "line") {
        const line = `[${data.at.toFixed(2)} s] ${data.text}\n`;
        output.append(data.stream === "stderr" ? make("span", { className: "run-stderr" }, line) : line);
      } else if (data.kind === "done") {
        pictures.innerHTML = data.figure; // SVG drawn by the site's own timeline.py
        finish(data.status === 0 ? `Finished in ${data.seconds.toFixed(2)} s.`
          : `Ended with exit status ${data.status} after ${data.seconds.toFixed(2)} s.`);
      } else {
        finish(`Could not run: ${data.message}`);
      }
    };

    run.addEventListener("click", async () => {
      if (current) return;
      const text = await source();
      current = { receive };
      run.disabled = true;
      stop.disabled = false;
      output.hidden = false;
      output.replaceChildren();
      pictures.replaceChildren();
      status.textContent = worker ? "Running on Python 3.14 in your browser..."
        : "Loading Python 3.14 into your browser (once per page), then running...";
      if (!worker) startWorker();
      const starting = worker;
      await listening;
      if (worker === starting) worker.postMessage({ source: text, name }); // not stopped meanwhile
    });
    stop.addEventListener("click", () => {
      worker?.terminate();
      worker = null;
      finish("Stopped. Run starts Python afresh.");
    });
  }

  const setUpAll = () => document.querySelectorAll(".snippet-block[data-run]").forEach(setUp);
  if (window.document$) window.document$.subscribe(setUpAll);
  else document.addEventListener("DOMContentLoaded", setUpAll);
})();
