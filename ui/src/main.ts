import "./app.css";
import { mount } from "svelte";
import App from "./App.svelte";
import { markStep } from "./lib/timing";

markStep("scripts");

const target = document.getElementById("app");
if (!target) throw new Error("#app ontbreekt in index.html");

const app = mount(App, { target });
markStep("mounted");

export default app;
