/** Test samples read as text by the test runner (Vite's `?raw`), so pure tests need no file system. */
declare module '*.dat?raw' {
  const text: string;
  export default text;
}
