package assets

import "embed"

// Hyphenation holds the TeX hyphenation patterns (hyph-utf8) the PDF
// renderer breaks words with, one set per language, with their licences.
//
//go:embed hyphenation
var Hyphenation embed.FS
