// XML that parses: the characters XML 1.0 forbids anywhere in a document (C0 controls but tab,
// newline and carriage return; U+FFFE and U+FFFF; lone surrogates) are dropped from a written
// SVG or GEXF, so a scenario name holding one cannot make the export invalid.

const FORBIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `xml` without the characters XML 1.0 forbids. */
export const xmlSafe = (xml: string): string => xml.replace(FORBIDDEN, '');
