// Package testkit serves tests and benchmarks only; no command or stage of
// the pipeline imports it. It makes blogs of any size from a seed
// (WriteBlog, PNG, JPEG) and reads finished books back the way a reader
// sees them: the documents of an EPUB (EPUBDocs), the text and images of a
// PDF's pages (PDFText, PDFImages), and the words of either (Words, Recall).
package testkit
