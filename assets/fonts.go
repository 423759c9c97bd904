package assets

import "embed"

// Fonts holds the TrueType fonts the PDF renderer embeds, with their
// licences: Charis SIL (the book serif, four faces), DejaVu Sans Mono (code)
// and DejaVu Sans (symbols the serif lacks).
//
//go:embed fonts
var Fonts embed.FS
