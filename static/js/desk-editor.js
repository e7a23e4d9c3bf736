// The story editor's helpers: counters, the search-result preview, autocomplete choosers,
// related-story ordering, photos and «Нагадаємо» in the body, and autosave.
// Everything works without this file (plain selects and inputs post normally).
(function () {
  "use strict";

  const form = document.getElementById("article-form");
  if (!form) return;
  const strings = JSON.parse(document.getElementById("desk-editor-strings").textContent);
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const editable = form.dataset.editable === "1";
  const AUTOSAVE_MS = 30000;
  let dirty = false;
  let changedSinceAutosave = false;
  let bodyEditor = null;
  let bodyFocused = false;

  function el(tag, props, children) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    for (const child of children || []) node.append(child);
    return node;
  }

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, (_, key) => values[key]);
  }

  // --- counters and the search-result preview -------------------------------------------

  function updateCounter(counter) {
    const field = document.getElementById(counter.dataset.counterFor);
    if (!field) return;
    const length = [...field.value].length;
    counter.querySelector(".counter-value").textContent = length;
    counter.classList.toggle("over", length > Number(counter.dataset.limit));
  }

  function truncate(text, size) {
    const chars = [...text.trim()];
    return chars.length > size ? chars.slice(0, size - 1).join("") + "…" : chars.join("");
  }

  const serpTitle = document.querySelector(".serp-title");
  const serpLead = document.querySelector(".serp-lead");
  function updatePreview() {
    const title = form.elements.title.value;
    const lead = form.elements.lead.value;
    if (serpTitle) serpTitle.textContent = truncate(title, 70) || strings.titlePlaceholder;
    if (serpLead) serpLead.textContent = truncate(lead, 160) || strings.leadPlaceholder;
  }

  const counters = document.querySelectorAll(".counter[data-counter-for]");
  counters.forEach(updateCounter);
  form.addEventListener("input", (event) => {
    counters.forEach((counter) => {
      if (counter.dataset.counterFor === event.target.id) updateCounter(counter);
    });
    if (event.target.name === "title" || event.target.name === "lead") updatePreview();
  });

  // --- dirty state ---------------------------------------------------------------------

  function markDirty() {
    dirty = true;
    changedSinceAutosave = true;
  }
  form.addEventListener("input", markDirty);
  form.addEventListener("change", markDirty);
  form.addEventListener("submit", () => {
    dirty = false;
  });
  for (const step of document.querySelectorAll(".workflow form.step")) {
    step.addEventListener("submit", (event) => {
      if (!dirty) return;
      event.preventDefault();
      let note = step.querySelector(".step-note");
      if (!note) {
        note = el("p", { className: "step-note", role: "alert" });
        step.append(note);
      }
      note.textContent = strings.saveFirst;
    });
  }

  // --- JSON helpers --------------------------------------------------------------------

  async function getJSON(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    return response.json();
  }

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST",
      body,
      headers: { "X-CSRFToken": csrf, Accept: "application/json" },
      credentials: "same-origin",
    });
    let data = {};
    try {
      data = await response.json();
    } catch (error) {
      data = { message: strings.failed };
    }
    return { ok: response.ok, status: response.status, data };
  }

  function search(kind, q, extra) {
    const params = new URLSearchParams({ kind, q, ...(extra || {}) });
    return getJSON(`${form.dataset.autocompleteUrl}?${params}`);
  }

  // --- a listbox of results under a text box -------------------------------------------

  function picker(input, load, choose) {
    const list = el("ul", { className: "picker-results", role: "listbox" });
    input.after(list);
    input.setAttribute("autocomplete", "off");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-expanded", "false");
    let timer = null;
    let items = [];
    let active = -1;

    function close() {
      list.replaceChildren();
      items = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
    }

    function render(entries) {
      list.replaceChildren();
      items = entries;
      active = entries.length ? 0 : -1;
      entries.forEach((entry, index) => {
        const option = el("li", { role: "option", className: entry.create ? "create" : "" });
        if (entry.thumb) option.append(el("img", { src: entry.thumb, alt: "", width: 64 }));
        option.append(el("span", { className: "label", textContent: entry.label }));
        if (entry.detail) option.append(el("span", { className: "detail", textContent: entry.detail }));
        option.addEventListener("mousedown", (event) => {
          event.preventDefault();
          pick(index);
        });
        list.append(option);
      });
      if (!entries.length) list.append(el("li", { className: "none", textContent: strings.nothingFound }));
      highlight();
      input.setAttribute("aria-expanded", "true");
    }

    function highlight() {
      [...list.children].forEach((node, index) => node.setAttribute("aria-selected", String(index === active)));
    }

    async function pick(index) {
      const entry = items[index];
      if (!entry) return;
      close();
      await choose(entry);
    }

    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => render(await load(input.value.trim())), 200);
    });
    input.addEventListener("focus", async () => {
      if (!items.length) render(await load(input.value.trim()));
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" && items.length) {
        active = (active + 1) % items.length;
        highlight();
        event.preventDefault();
      } else if (event.key === "ArrowUp" && items.length) {
        active = (active - 1 + items.length) % items.length;
        highlight();
        event.preventDefault();
      } else if (event.key === "Enter") {
        event.preventDefault();
        if (active >= 0) pick(active);
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", () => setTimeout(close, 150));
    return { close };
  }

  function entriesFrom(data, kind) {
    const entries = (data.results || []).map((item) => ({ ...item }));
    if (data.create && form.dataset[`canCreate${kind[0].toUpperCase()}${kind.slice(1)}`] === "1") {
      entries.push({ create: true, label: data.create.label, name: data.create.name });
    }
    return entries;
  }

  async function created(kind, entry) {
    if (!entry.create) return entry;
    const body = new FormData();
    body.append("kind", kind);
    body.append("name", entry.name);
    const answer = await post(form.dataset.termUrl, body);
    if (!answer.ok) {
      window.alert(answer.data.message || strings.failed);
      return null;
    }
    return answer.data;
  }

  // --- choosers for <select> (section, tags, people, each source) -----------------------

  function optionFor(select, item) {
    let option = [...select.options].find((o) => o.value === String(item.id));
    if (!option) {
      option = el("option", { value: String(item.id), textContent: item.label });
      select.append(option);
    }
    return option;
  }

  function enhanceSelect(select) {
    const kind = select.dataset.autocomplete;
    const box = el("div", { className: "chooser" });
    const chips = el("ul", { className: "chips" });
    const input = el("input", { type: "text", className: "chooser-input", placeholder: strings.typeToSearch });
    const name = select.dataset.label || (select.labels[0] ? select.labels[0].textContent.trim() : kind);
    input.setAttribute("aria-label", format(strings.searchIn, { name }));
    select.hidden = true;
    select.after(box);
    box.append(chips, input);
    if (select.disabled) input.disabled = true;

    function draw() {
      chips.replaceChildren();
      for (const option of select.selectedOptions) {
        if (!option.value) continue;
        const remove = el("button", { type: "button", className: "chip-remove", textContent: "✕" });
        remove.setAttribute("aria-label", format(strings.removeItem, { name: option.textContent }));
        remove.disabled = select.disabled;
        remove.addEventListener("click", () => {
          option.selected = false;
          if (!select.multiple) select.value = "";
          select.dispatchEvent(new Event("change", { bubbles: true }));
          draw();
        });
        chips.append(el("li", { className: "chip" }, [el("span", { textContent: option.textContent }), remove]));
      }
    }

    picker(
      input,
      async (q) => entriesFrom(await search(kind, q), kind),
      async (entry) => {
        const item = await created(kind, entry);
        if (!item) return;
        const option = optionFor(select, item);
        if (select.multiple) option.selected = true;
        else select.value = option.value;
        input.value = "";
        select.dispatchEvent(new Event("change", { bubbles: true }));
        draw();
      },
    );
    draw();
  }

  // --- choosers for number inputs (main photo, replacement story) ----------------------

  function enhanceIdInput(input) {
    const kind = input.dataset.autocomplete;
    const search_ = el("input", { type: "text", className: "chooser-input", placeholder: strings.typeToSearch });
    const label = input.labels[0];
    search_.setAttribute("aria-label", format(strings.searchIn, { name: label ? label.textContent.trim() : kind }));
    const shown = el("span", { className: "chosen" });
    const clear = el("button", { type: "button", className: "secondary", textContent: strings.clear });
    input.type = "hidden";
    input.after(shown, clear, search_);
    clear.hidden = !input.value;
    clear.addEventListener("click", () => {
      input.value = "";
      shown.textContent = "";
      clear.hidden = true;
      const current = form.querySelector(".hero-current");
      if (current && input.form === form) current.replaceChildren();
      markDirty();
    });
    const extra = kind === "article" && form.dataset.articleId ? { exclude: form.dataset.articleId } : {};
    picker(
      search_,
      async (q) => entriesFrom(await search(kind, q, extra), kind),
      async (entry) => {
        input.value = String(entry.id);
        shown.textContent = entry.label;
        clear.hidden = false;
        search_.value = "";
        if (input.form === form) markDirty();
      },
    );
  }

  // --- related stories: ordered rows ---------------------------------------------------

  const relatedList = form.querySelector(".related-rows");

  function relatedRow(id, title) {
    const input = el("input", { type: "hidden", name: "related", value: String(id) });
    const up = el("button", { type: "button", className: "secondary", textContent: "↑" });
    up.dataset.move = "up";
    up.setAttribute("aria-label", strings.moveUp);
    const down = el("button", { type: "button", className: "secondary", textContent: "↓" });
    down.dataset.move = "down";
    down.setAttribute("aria-label", strings.moveDown);
    const remove = el("button", { type: "button", className: "secondary", textContent: "✕" });
    remove.dataset.remove = "";
    remove.setAttribute("aria-label", strings.remove);
    return el("li", { className: "related-row" }, [
      input,
      el("span", { className: "related-title", textContent: title }),
      " ",
      el("span", { className: "row-buttons" }, [up, down, remove]),
    ]);
  }

  if (relatedList) {
    for (const row of relatedList.querySelectorAll(".related-row:not(.related-new)")) {
      const input = row.querySelector("input[name=related]");
      input.type = "hidden";
      row.querySelector(".row-buttons").hidden = false;
    }
    const newRow = relatedList.querySelector(".related-new");
    const newInput = newRow.querySelector("input");
    newInput.removeAttribute("name");
    newInput.type = "text";
    newInput.placeholder = strings.typeToSearch;
    newInput.removeAttribute("inputmode");
    const legend = form.querySelector(".related legend");
    newInput.setAttribute("aria-label", format(strings.searchIn, { name: legend ? legend.textContent.trim() : "" }));
    const extra = form.dataset.articleId ? { exclude: form.dataset.articleId } : {};
    picker(
      newInput,
      async (q) => entriesFrom(await search("article", q, extra), "article"),
      async (entry) => {
        const taken = [...relatedList.querySelectorAll("input[name=related]")].some((i) => i.value === String(entry.id));
        if (!taken) newRow.before(relatedRow(entry.id, entry.label));
        newInput.value = "";
        markDirty();
      },
    );
    relatedList.addEventListener("click", (event) => {
      const button = event.target.closest("button");
      if (!button) return;
      const row = button.closest(".related-row");
      if (button.dataset.move === "up" && row.previousElementSibling) {
        row.previousElementSibling.before(row);
      } else if (button.dataset.move === "down" && row.nextElementSibling && !row.nextElementSibling.classList.contains("related-new")) {
        row.nextElementSibling.after(row);
      } else if (button.hasAttribute("data-remove")) {
        row.remove();
      } else {
        return;
      }
      markDirty();
    });
  }

  // --- sources: one more row on demand ------------------------------------------------

  const addSource = form.querySelector("[data-add-source]");
  const sourceRows = form.querySelector(".source-rows");
  if (addSource && sourceRows && editable) {
    addSource.hidden = false;
    const blank = sourceRows.lastElementChild.cloneNode(true);
    addSource.addEventListener("click", () => {
      const row = blank.cloneNode(true);
      sourceRows.append(row);
      enhanceSelect(row.querySelector("select"));
    });
  }

  for (const select of form.querySelectorAll("select[data-autocomplete]")) enhanceSelect(select);
  for (const input of document.querySelectorAll("input[data-autocomplete]:not([name=related])")) {
    if (!input.closest(".related-rows")) enhanceIdInput(input);
  }

  // --- the body: photos and «Нагадаємо» -----------------------------------------------

  const bodyArea = form.querySelector("textarea[name=body]");
  const tools = form.querySelector(".body-tools");

  function attachEditor(editor) {
    bodyEditor = editor;
    editor.on("focus", () => {
      bodyFocused = true;
    });
    if (tools && editable) tools.hidden = false;
  }
  if (bodyArea) {
    if (bodyArea.proseEditor) attachEditor(bodyArea.proseEditor);
    bodyArea.addEventListener("prose-editor:ready", (event) => attachEditor(event.detail.editor));
  }

  function insert(content) {
    if (!bodyEditor) return;
    // At the cursor when the editor was used; otherwise at the end of the text.
    const chain = bodyEditor.chain().focus(bodyFocused ? null : "end");
    const selection = bodyEditor.state.selection;
    // A just-inserted photo stays selected; insert after it instead of replacing it.
    if (selection.node) chain.setTextSelection(selection.to);
    chain.insertContent(content).run();
  }

  const photoSearch = form.querySelector("[data-picker=image]");
  if (photoSearch) {
    const oldList = photoSearch.nextElementSibling;
    if (oldList && oldList.classList.contains("picker-results")) oldList.remove();
    picker(
      photoSearch,
      async (q) => entriesFrom(await search("image", q), "image"),
      async (entry) => {
        insert({ type: "image", attrs: { src: entry.src, alt: entry.alt } });
        photoSearch.value = "";
      },
    );
  }

  const remindButton = form.querySelector("[data-remind]");
  const remindList = form.querySelector(".remind-results");
  if (remindButton && remindList) {
    remindButton.addEventListener("click", async () => {
      const params = new URLSearchParams({
        article: form.dataset.articleId || "",
        title: form.elements.title.value,
        lead: form.elements.lead.value,
      });
      for (const option of form.elements.tags.selectedOptions) params.append("tags", option.value);
      for (const option of form.elements.people.selectedOptions) params.append("people", option.value);
      remindList.replaceChildren(el("li", { textContent: strings.searching }));
      const data = await getJSON(`${form.dataset.suggestUrl}?${params}`);
      remindList.replaceChildren();
      if (!data.results || !data.results.length) {
        remindList.append(el("li", { textContent: strings.nothingFound }));
        return;
      }
      for (const item of data.results) {
        const button = el("button", { type: "button", className: "secondary", textContent: strings.insert });
        button.addEventListener("click", () => {
          insert({
            type: "paragraph",
            content: [
              { type: "text", text: `${strings.remindPrefix} ` },
              { type: "text", text: item.label, marks: [{ type: "link", attrs: { href: item.url } }] },
              { type: "text", text: "." },
            ],
          });
        });
        remindList.append(
          el("li", {}, [el("span", { className: "label", textContent: item.label }), " ", el("span", { className: "detail", textContent: item.detail }), " ", button]),
        );
      }
    });
  }

  // --- autosave ------------------------------------------------------------------------

  const status = form.querySelector(".autosave-status");

  async function autosave() {
    if (!editable || !changedSinceAutosave || !form.elements.title.value.trim()) return;
    changedSinceAutosave = false;
    const answer = await post(form.dataset.autosaveUrl, new FormData(form));
    if (!answer.ok) {
      changedSinceAutosave = true;
      if (status) status.textContent = answer.data.message || strings.failed;
      return;
    }
    const data = answer.data;
    if (data.created) {
      // The draft exists now: from here on this page edits it.
      form.action = data.edit_url;
      form.dataset.autosaveUrl = data.autosave_url;
      form.dataset.articleId = String(data.id);
      form.elements.base_version.value = String(data.version);
      history.replaceState(null, "", data.edit_url);
    }
    if (status) status.textContent = format(strings.autosavedAt, { time: data.saved_at });
  }

  if (editable) setInterval(autosave, Number(form.dataset.autosaveMs || AUTOSAVE_MS));
})();
