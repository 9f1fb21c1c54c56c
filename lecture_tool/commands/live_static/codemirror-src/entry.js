// The editor a live slide opens: CodeMirror 6 with Python, history and the default keys.
// Token classes (`tok-keyword` …) come from @lezer/highlight's classHighlighter, so the page
// colours them with the slide's own code colours (live.css), not a CodeMirror theme.
import {EditorView, keymap, drawSelection} from "@codemirror/view";
import {EditorState} from "@codemirror/state";
import {defaultKeymap, history, historyKeymap, indentWithTab} from "@codemirror/commands";
import {indentUnit, syntaxHighlighting, bracketMatching} from "@codemirror/language";
import {classHighlighter} from "@lezer/highlight";
import {python} from "@codemirror/lang-python";

window.ltCodeMirror = function (parent, doc, run) {
  return new EditorView({
    parent: parent,
    state: EditorState.create({
      doc: doc,
      extensions: [
        history(),
        drawSelection(),
        bracketMatching(),
        indentUnit.of("    "),
        python(),
        syntaxHighlighting(classHighlighter),
        keymap.of([
          {key: "Mod-Enter", run: function () { run(); return true; }},
          {key: "Shift-Enter", run: function () { run(); return true; }},
          indentWithTab,
        ].concat(defaultKeymap, historyKeymap)),
      ],
    }),
  });
};
