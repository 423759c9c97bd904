// Package assets holds the files embedded in every book: the EPUB
// stylesheet, the PDF fonts and the images the renderers draw with.
package assets

import _ "embed"

// BookCSS is the stylesheet of the EPUB.
//
//go:embed css/book.css
var BookCSS []byte
