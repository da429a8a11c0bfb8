export { x } from "../index.js";
