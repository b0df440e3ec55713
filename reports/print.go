package reports

// printCSS is the print stylesheet every HTML report shares, so that a
// report printed to PDF keeps every column of every table readable: cells
// wrap instead of scrolling out of the page, header rows repeat on every
// page, charts are never split across pages, collapsed sections print
// open, and each top-level section starts on a new page.
const printCSS = `
caption { caption-side: top; text-align: left; color: #57606a; font-size: 0.85rem; padding: 0 0 0.3rem; }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  html, body { font-size: 10pt; background: #fff; }
  main, body { max-width: none; margin: 0; padding: 0; }
  .scroll, pre { overflow: visible !important; }
  pre { white-space: pre-wrap; }
  table { width: 100%; max-width: 100%; }
  th, td, thead th, td.n, th.n, td.d, td.a, td.path, code { white-space: normal !important; overflow-wrap: break-word; word-break: normal; hyphens: manual; }
  td.path code { overflow-wrap: anywhere; }
  thead { display: table-header-group; }
  tr, li { break-inside: avoid; page-break-inside: avoid; }
  figure, figure img { break-inside: avoid; page-break-inside: avoid; }
  figure img { max-height: 24cm; width: 100%; height: auto; object-fit: contain; }
  h2 { break-before: page; page-break-before: always; }
  h2, h3, caption { break-after: avoid; page-break-after: avoid; }
  details > summary { list-style: none; }
  details::details-content { content-visibility: visible; display: block; }
  nav.toc { display: none; }
  a { color: inherit; }
}
`

// generator is the content of the HTML reports' generator meta tag and
// the name in their footers: the program and its version.
func generator() string { return "aicloudsim " + Version() }
