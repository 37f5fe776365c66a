// Ambient types for the browser view: Vite's import.meta.glob, ?worker and asset imports.
/// <reference types="vite/client" />
