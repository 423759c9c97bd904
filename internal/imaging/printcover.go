package imaging

import (
	"fmt"

	"github.com/anthology-book/anthology/internal/book"
)

// PrintCoverMaxSide is the longest side a print cover's front is kept at:
// 300 ppi over 24 in, more than any trim size asks.
const PrintCoverMaxSide = 7200

// PreparePrintCover makes the cover image the blogger gave ready for the
// printed cover's front: upright and in a format the PDF reads, like
// PrepareCover, but at the resolution a printer wants rather than the one
// reading systems show. name is the file's name, for messages.
func PreparePrintCover(data []byte, name string) (*book.Asset, error) {
	pic, err := prepare(data, PrintCoverMaxSide)
	if err != nil {
		return nil, fmt.Errorf("cover image %q cannot be used: %w", name, err)
	}
	return &book.Asset{Name: "images/print-cover" + Ext(pic.mediaType), MediaType: pic.mediaType, Data: pic.data,
		Width: pic.w, Height: pic.h, SourceWidth: pic.srcW}, nil
}
