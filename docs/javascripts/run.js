// Run, edit, reset and share the examples in the reader's browser. Nothing heavy loads until
// the first Run: then a worker (run-worker.mjs) loads Python from this site, and later runs
// reuse the download (each run still gets a fresh interpreter). With Material's instant
// navigation this script, and so the worker, lives on from page to page. One run at a
// time: a Run pressed meanwhile waits its turn, and says so. Stop ends the worker, so even
// a program that never yields stops at once.
(() => {
  let worker = null;
  let listening = null; // resolves once the worker can take a message
  let ready = false; // Python has loaded in this worker
  let current = null; // the run in progress: {block, name, receive, start}
  const queue = []; // runs waiting for it, in order

  const make = (tag, props = {}, text = "") => {
    const node = Object.assign(document.createElement(tag), props);
    if (text) node.textContent = text;
    return node;
  };
  const megabytes = (bytes) => (bytes / 1e6).toFixed(1);

  const scriptUrl = document.currentScript.src; // only known while this file first runs
  function startWorker() {
    worker = new Worker(new URL("run-worker.mjs", scriptUrl), { type: "module" });
    ready = false;
    listening = new Promise((resolve) => {
      worker.onmessage = ({ data }) => {
        if (data.kind === "listening") resolve();
        else if (data.kind === "ready") ready = true;
        current?.receive(data);
      };
    });
    worker.onerror = (event) => current?.receive({ kind: "failed", message: event.message });
  }

  function stopWorker() {
    worker?.terminate();
    worker = null;
  }

  // The next waiting run starts once the current one has ended.
  function next() {
    current = null;
    queue.shift()?.start();
  }

  // A shared link carries an edit in the address: #edit=<block>:<the code, base64url>.
  const SHARE = /^#edit=([\w-]+):([A-Za-z0-9_-]*)$/;
  const encode = (text) => btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
  const decode = (code) => new TextDecoder().decode(Uint8Array.from(
    atob(code.replaceAll("-", "+").replaceAll("_", "/")), (c) => c.charCodeAt(0)));

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
    const share = make("button", { type: "button", hidden: true }, "Copy a link to this edit");
    const status = make("p", { className: "run-status", hidden: true });
    status.setAttribute("aria-live", "polite");
    const loading = make("progress", { className: "run-loading", hidden: true, max: 1, value: 0 });
    loading.setAttribute("aria-label", "Loading Python into your browser");
    const output = make("pre", { className: "run-output", hidden: true });
    output.setAttribute("role", "log"); // a polite live region: each new line is announced
    output.setAttribute("aria-label", `Output of your run of ${name}.py`);
    const pictures = make("div", { className: "run-timeline" });
    const editor = make("textarea", { className: "run-editor", hidden: true, spellcheck: false });
    editor.setAttribute("aria-label",
      `Source of ${name}.py, editable; Ctrl+Enter (Cmd+Enter on a Mac) runs it`);
    tools.append(run, stop, edit, reset, share);
    block.insertBefore(tools, download?.parentElement ?? null);
    tools.after(status, loading, output, pictures);
    code?.after(editor);
    let original = null;
    const published = async () => (original ??= await (await fetch(download.href)).text());
    const source = async () => (editor.hidden ? published() : editor.value);
    const say = (text) => { status.hidden = false; status.textContent = text; };

    const openEditor = (text) => {
      editor.value = text;
      editor.hidden = false;
      if (code) code.hidden = true;
      editor.rows = editor.value.split("\n").length + 1;
      edit.hidden = true;
      reset.hidden = false;
      share.hidden = false;
    };
    const clearRun = () => {
      output.replaceChildren();
      output.hidden = true;
      pictures.replaceChildren();
    };

    edit.addEventListener("click", async () => {
      openEditor(editor.value || await published());
      editor.focus();
    });
    reset.addEventListener("click", async () => {
      if (current === turn || queue.includes(turn)) {
        stop.click();
      }
      editor.value = await published();
      clearRun();
      if (location.hash.startsWith(`#edit=${name}:`)) {
        history.replaceState(null, "", location.pathname + location.search);
      }
      say("The file is back as published.");
    });
    share.addEventListener("click", async () => {
      const url = new URL(location.href);
      url.hash = `edit=${name}:${encode(editor.value)}`;
      history.replaceState(null, "", url.href);
      try {
        await navigator.clipboard.writeText(url.href);
        say("A link to this edit is copied, and is in the address bar: whoever opens it gets your code, ready to run.");
      } catch {
        say("The address bar now holds a link to this edit: copy it from there.");
      }
    });
    editor.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        run.click(); // the editor keeps the focus
      } else if (event.key === "Tab" && !event.shiftKey && !event.ctrlKey && !event.altKey) {
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

    // Run stays enabled while busy (a disabled button would drop the keyboard focus); a
    // second press while this block runs or waits does nothing.
    const busy = (yes) => {
      run.setAttribute("aria-disabled", String(yes));
      stop.disabled = !yes;
    };
    const finish = (text) => {
      say(text);
      loading.hidden = true;
      busy(false);
      if (current === turn) next();
    };
    const receive = (data) => {
      if (data.kind === "loading") {
        loading.hidden = false;
        loading.value = data.total ? Math.min(data.bytes / data.total, 1) : 0;
        say(`Loading Python 3.14 into your browser: ${megabytes(data.bytes)} of ` +
          `${megabytes(data.total)} MB (once; later runs and pages reuse it).`);
      } else if (data.kind === "ready") {
        loading.hidden = true;
        say("Python 3.14 is ready in your browser. Running...");
      } else if (data.kind === "line") {
        const text = data.stream === "stdout" ? `[${data.at.toFixed(2)} s] ${data.text}\n`
          : `${data.text}\n`; // stderr as Python writes it: a traceback is not stamped
        output.hidden = false;
        output.append(data.stream === "stderr" ? make("span", { className: "run-stderr" }, text) : text);
      } else if (data.kind === "note") { // as the Output tab notes it
        output.append(make("em", { className: "run-note" }, `(${data.text})\n`));
      } else if (data.kind === "done") {
        pictures.innerHTML = data.figure; // drawn by the site's own timeline.py
        document.dispatchEvent(new Event("tasksdocs:pictures")); // replay.js sets them up
        finish(data.status === 0 ? "Finished." : `Ended with exit status ${data.status}` +
          " (an exception escaped: its traceback is above).");
      } else if (data.kind === "failed") {
        finish(`Could not run: ${data.message}`);
      }
    };

    // The place in line is taken at the click; the file is read when the turn comes.
    const turn = { block, name, receive, start: async () => {
      current = turn;
      say(ready ? "Running on Python 3.14 in your browser..."
        : "Starting Python 3.14 in your browser...");
      try {
        const text = await source();
        if (!worker) startWorker();
        const starting = worker;
        await listening;
        if (worker === starting && current === turn) {
          worker.postMessage({ source: text, name }); // not stopped meanwhile
        }
      } catch (error) {
        receive({ kind: "failed", message: String(error?.message ?? error) });
      }
    } };
    run.addEventListener("click", () => {
      if (run.getAttribute("aria-disabled") === "true") return;
      busy(true);
      clearRun();
      if (!current) {
        turn.start();
        return;
      }
      queue.push(turn);
      say(`Waiting for ${current.name}.py to finish (one example runs at a time). ` +
        "Stop cancels this run.");
    });
    stop.addEventListener("click", () => {
      const waiting = queue.indexOf(turn);
      if (waiting >= 0) {
        queue.splice(waiting, 1);
        busy(false);
        say("Not run: stopped while waiting for its turn.");
        run.focus();
        return;
      }
      stopWorker();
      run.focus();
      finish(output.hidden ? "Stopped before it printed anything. Run starts Python afresh."
        : "Stopped: above is what it printed until then. Run starts Python afresh.");
    });

    const shared = SHARE.exec(location.hash);
    if (shared && shared[1] === name) {
      try {
        openEditor(decode(shared[2]));
        say("This is an edited version, from a shared link. Run it, or Reset to the published file.");
        block.scrollIntoView();
      } catch {
        say("The shared link's code could not be read; this is the published file.");
      }
    }
  }

  const setUpAll = () => {
    // a new page (instant navigation): runs that waited on the page left behind are dropped
    queue.splice(0, queue.length, ...queue.filter((entry) => entry.block.isConnected));
    document.querySelectorAll(".snippet-block[data-run]").forEach(setUp);
  };
  if (window.document$) window.document$.subscribe(setUpAll);
  else document.addEventListener("DOMContentLoaded", setUpAll);
})();
