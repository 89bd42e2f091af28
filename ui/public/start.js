// The window's first commands, sent before its scripts are fetched and parsed, so that the core
// answers them while WebKit parses the bundle (lib/app.svelte.ts, startApp, takes the answers).
// A classic script of its own, not part of the bundle: a module runs only once the whole bundle
// and its chunks are parsed. Only when the window opens on Vandaag (no route, or #/home): other
// routes (the presenter window's slide calls no command at all) start as before.
(function () {
  var ipc = window.__TAURI_INTERNALS__;
  var route = location.hash.replace(/^#\/?/, "").replace(/\/$/, "");
  if (!ipc || (route !== "" && route !== "home")) return;
  function send(command) {
    var answer = ipc.invoke(command, {});
    // A failure is read (and shown) by whoever takes the answer, not reported here.
    answer.catch(function () {});
    return answer;
  }
  window.__tafelStarted = { app_info: send("app_info"), taxonomy: send("taxonomy"), home: send("home") };
})();
