// The replay under a block (tasksdocs/pictures/timeline.py writes its steps as JSON): a slider and
// Previous/Next buttons show one event-loop step at a time, say in one sentence what the
// step did (announced politely), mark what changed since the step before, and mark in the
// block's Source tab the line the running task resumed from and the lines the waiting
// tasks wait on. Arrow keys step, Home and End jump. Once the reader steps, the replay is
// pinned to the foot of the screen beside the Source (Unpin or Escape ends that). Without
// JavaScript the same steps are a table.
(() => {
  const text = (tag, content, className) => {
    const node = document.createElement(tag);
    node.textContent = content;
    if (className) node.className = className;
    return node;
  };

  // The Source tab's code, one span per line, so that a line can be marked. The text is
  // unchanged: each highlighted token is split where it holds a line break.
  function lineSpans(code) {
    const lines = [[]];
    for (const node of [...code.childNodes]) {
      node.textContent.split("\n").forEach((part, index) => {
        if (index > 0) lines.push([]);
        if (!part) return;
        const piece = node.nodeType === Node.TEXT_NODE ? document.createTextNode(part)
          : Object.assign(node.cloneNode(false), { textContent: part });
        lines.at(-1).push(piece);
      });
    }
    const spans = lines.map((nodes, index) => {
      const span = document.createElement("span");
      span.append(...nodes, index < lines.length - 1 ? "\n" : "");
      return span;
    });
    code.replaceChildren(...spans);
    return spans;
  }

  function setUp(replay) {
    if (replay.dataset.ready) return;
    replay.dataset.ready = "yes";
    const { steps, lines } = JSON.parse(replay.querySelector(".replay-data").textContent);
    const block = replay.closest(".snippet-block");
    // a replay of the reader's own run reads its lines from the edited code, not this one
    const code = replay.closest(".run-timeline") ? null : block?.querySelector(".tabbed-block code");
    const sourceLines = code ? lineSpans(code) : null;
    const title = replay.dataset.title;

    const controls = document.createElement("div");
    controls.className = "replay-controls";
    const heading = text("p", title, "replay-title");
    const previous = text("button", "Previous step");
    const next = text("button", "Next step");
    previous.type = next.type = "button";
    const slider = document.createElement("input");
    Object.assign(slider, { type: "range", min: 1, max: steps.length, value: 1 });
    slider.setAttribute("aria-label", `${title}: step`);
    const position = text("p", "", "replay-position");
    position.setAttribute("aria-live", "polite");
    const pin = text("button", "Unpin", "replay-unpin");
    pin.type = "button";
    pin.hidden = true;
    const head = document.createElement("div");
    head.className = "replay-head";
    head.append(heading, pin);
    controls.append(previous, slider, next);
    const state = document.createElement("dl");
    state.className = "replay-state";
    replay.prepend(head, controls, position, state);
    let shownBefore = null; // the rows of the step shown before, to mark what changed

    function show(number) {
      const step = steps[number - 1];
      slider.value = number;
      // aria-disabled, not disabled: a disabled button would drop the keyboard focus
      previous.setAttribute("aria-disabled", String(number === 1));
      next.setAttribute("aria-disabled", String(number === steps.length));
      position.textContent = `Step ${number} of ${steps.length}, at ${step.at.toFixed(2)} s: ` +
        (step.said || `${step.running} runs.`);
      const rows = [
        ["Running", step.running + (step.from_line ? `, from line ${step.from_line}` : ", its first step")],
        ["Waiting", step.waiting.map(([task, , where]) => `${task}, at ${where}`).join("\n") || "none"],
        ["Ready, in order", step.ready.join(", then ") || "none"],
        ["Timers", step.timers.join("\n") || "none"],
        ["Done", step.done.join("\n") || "none"],
      ];
      state.replaceChildren();
      for (const [term, value] of rows) {
        const changed = shownBefore !== null && shownBefore.get(term) !== value;
        state.append(text("dt", term), text("dd", value, changed ? "replay-changed" : ""));
      }
      shownBefore = new Map(rows);
      const printed = document.createElement("dd");
      printed.append(text("pre", lines.slice(0, step.printed).join("\n") || "(nothing yet)"));
      state.append(text("dt", "Printed so far"), printed);
      if (sourceLines) {
        const waitingOn = new Set(step.waiting.map(([, line]) => line));
        sourceLines.forEach((span, index) => {
          span.classList.toggle("replay-waiting-line", waitingOn.has(index + 1));
          span.classList.toggle("replay-running-line", step.from_line === index + 1);
        });
      }
    }

    // Pinned (see timeline.css) from the first step the reader takes until Unpin or Escape;
    // the Source tab is chosen, and the running line (else a waiting one) scrolled into the
    // part of the screen the pinned replay leaves free.
    function pinned(on) {
      replay.classList.toggle("replay-pinned", on && sourceLines !== null);
      pin.hidden = !replay.classList.contains("replay-pinned");
    }
    function follow(number) {
      show(number);
      if (!sourceLines) return;
      pinned(true);
      block.querySelector(".tabbed-set > input")?.click(); // the Source tab
      // every marked line in view if they fit between the header and the replay, else the
      // running one (else the first waiting one)
      const marked = sourceLines.filter((span) => span.matches(".replay-running-line, .replay-waiting-line"));
      const first = sourceLines.find((span) => span.matches(".replay-running-line")) ?? marked[0];
      if (!first) return;
      const top = (document.querySelector(".md-header")?.getBoundingClientRect().bottom ?? 0) + 8;
      const bottom = replay.getBoundingClientRect().top - 8;
      const from = Math.min(...marked.map((span) => span.getBoundingClientRect().top));
      const to = Math.max(...marked.map((span) => span.getBoundingClientRect().bottom));
      const [want, end] = to - from <= bottom - top ? [from, to]
        : [first.getBoundingClientRect().top, first.getBoundingClientRect().bottom];
      if (want < top || end > bottom) window.scrollBy({ top: (want + end) / 2 - (top + bottom) / 2 });
    }

    previous.addEventListener("click", () => follow(Math.max(1, Number(slider.value) - 1)));
    next.addEventListener("click", () => follow(Math.min(steps.length, Number(slider.value) + 1)));
    slider.addEventListener("input", () => follow(Number(slider.value)));
    pin.addEventListener("click", () => { pinned(false); replay.scrollIntoView({ block: "nearest" }); });
    replay.addEventListener("keydown", (event) => {
      if (event.key === "Escape") pinned(false);
      if (event.target === slider) return; // the slider moves by itself
      const to = { ArrowLeft: -1, ArrowRight: 1 }[event.key];
      const jump = { Home: 1, End: steps.length }[event.key];
      if (to === undefined && jump === undefined) return;
      event.preventDefault();
      follow(Math.min(steps.length, Math.max(1, jump ?? Number(slider.value) + to)));
    });
    show(1);
  }

  const setUpAll = () => document.querySelectorAll(".replay").forEach(setUp);
  if (window.document$) window.document$.subscribe(setUpAll); // Material's page loads
  else document.addEventListener("DOMContentLoaded", setUpAll);
  document.addEventListener("tasksdocs:pictures", setUpAll); // a reader's run, replayed
})();
