// Ambient types for the browser view: Vite's import.meta.glob, ?worker and asset imports.
/// <reference types="vite/client" />

// The GEXF writer alone: the package's browser entry also loads its parser, which needs DOMParser
// (absent in the worker that writes the GEXF).
declare module 'graphology-gexf/browser/writer.js' {
  const write: typeof import('graphology-gexf/browser').write;
  export default write;
}
