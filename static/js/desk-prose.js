// Starts django-prose-editor on the story body without an import map.
//
// The package's own preset (configurable.js) imports "django-prose-editor/editor", a bare
// name that needs an inline <script type="importmap">; our CSP (script-src 'self') refuses
// inline scripts. This module imports the editor bundle by its path instead and builds the
// same extensions from the widget's data attribute. Tiptap would also inject an inline
// <style> (refused by style-src 'self'), so injectCSS is off and css/desk-prose.css holds
// those rules. When the editor is ready the textarea gets `proseEditor` and fires
// "prose-editor:ready" (as the package does), which desk-editor.js listens for.
import * as prose from "../django_prose_editor/editor.js";

const ATTRIBUTE = "data-django-prose-editor-configurable";
const EMPTY = /^<(\w+)(\s[^>]*)?><\/\1>$/i;

function start(textarea) {
  if (textarea.closest(".prose-editor")) return;
  const config = JSON.parse(textarea.getAttribute(ATTRIBUTE) || "{}");
  const extensions = [];
  for (const [name, options] of Object.entries(config.extensions || {})) {
    const extension = prose[name];
    if (!extension) continue;
    extensions.push(options && typeof options === "object" ? extension.configure(options) : extension);
  }
  const disabled = textarea.hasAttribute("disabled");
  const wrapper = document.createElement("div");
  wrapper.className = disabled ? "prose-editor disabled" : "prose-editor";
  textarea.before(wrapper);
  wrapper.append(textarea);
  const editor = new prose.Editor({
    element: wrapper,
    editable: !disabled,
    extensions,
    content: textarea.value,
    injectCSS: false,
    onUpdate({ editor: changed }) {
      const html = changed.getHTML();
      textarea.value = EMPTY.test(html) ? "" : html;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    },
  });
  textarea.proseEditor = editor;
  textarea.dispatchEvent(
    new CustomEvent("prose-editor:ready", { detail: { editor, textarea }, bubbles: true }),
  );
}

for (const textarea of document.querySelectorAll(`[${ATTRIBUTE}]`)) {
  try {
    start(textarea);
  } catch (error) {
    console.error("The body editor did not start:", error);
  }
}
