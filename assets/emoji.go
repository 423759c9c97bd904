package assets

import "embed"

// Emoji holds the Twemoji sprite sheet (64 px cells) the PDF renderer cuts
// emoji images from, index.txt giving each emoji's cell, and the licences.
//
//go:embed emoji
var Emoji embed.FS
