/**
 * The type of a module imported with Vite's `?worker&inline` suffix: a Worker made from the
 * module's code, bundled and inlined into the page's script.
 */
declare module '*?worker&inline' {
  const WorkerOfModule: new () => Worker;
  export default WorkerOfModule;
}
